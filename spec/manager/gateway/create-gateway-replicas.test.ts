import { afterEach, describe, expect, it } from 'vitest';
import { closedUrl, json, startServer, type TestServer } from '../../communication/_http-server.ts';
import { send, startGateway, upstream, type GatewayApp } from './_gateway-app.ts';

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of running.splice(0).reverse()) await item.close();
});

async function gateway(): Promise<GatewayApp> {
  const app = await startGateway();
  running.push(app);
  return app;
}

// A replica that names itself in its answers.
async function replica(name: string): Promise<TestServer> {
  const server = await startServer();
  running.push(server);
  server.reply((_, response) => json(response, 200, { replica: name }));
  return server;
}

const post = (url: string) => send(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });

describe('createGateway(): replicas', () => {
  it('sends the requests of a version to its replicas in turn, and copies to a shadow\'s replicas in turn', async () => {
    const [a, b, c] = await Promise.all([replica('a'), replica('b'), replica('c')]);
    const [x, y] = await Promise.all([replica('x'), replica('y')]);
    const app = await gateway();
    app.routes.set('foo', { target: upstream('foo', '1.0.0', [a.url, b.url, c.url]), shadows: [upstream('foo', '2.0.0', [x.url, y.url])] });
    const answered = [];
    for (let i = 0; i < 6; i++) answered.push(((await post(`${app.url}/services/foo/add`)).json() as { replica: string }).replica);
    expect(answered).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    for (let i = 0; i < 100 && x.seen.length + y.seen.length < 6; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect([x.seen.length, y.seen.length]).toEqual([3, 3]);
    expect(x.seen[0]).toMatchObject({ method: 'POST', url: '/add', body: '{"a":1}' });
  });

  it('sends a request that a replica refused to the next one, whatever its method, body and all', async () => {
    const alive = await replica('alive');
    const app = await gateway();
    app.routes.set('foo', { target: upstream('foo', '1.0.0', [await closedUrl(), alive.url, await closedUrl()]), shadows: [] });
    for (let i = 0; i < 6; i++) {
      const answer = i % 2 ? await post(`${app.url}/services/foo/add`) : await send(`${app.url}/services/foo/get`);
      expect([answer.status, answer.json()]).toEqual([200, { replica: 'alive' }]);
    }
    expect(alive.seen.map((seen) => [seen.method, seen.body])).toEqual([['GET', ''], ['POST', '{"a":1}'], ['GET', ''], ['POST', '{"a":1}'], ['GET', ''], ['POST', '{"a":1}']]);
    expect(app.gateway.shadowReport('foo').versions[0]).toMatchObject({ version: '1.0.0', requests: 6, errors: 0 });
  });

  it('answers 502 when every replica refuses, and 503 while none runs', async () => {
    const app = await gateway();
    app.routes.set('foo', { target: upstream('foo', '1.0.0', [await closedUrl(), await closedUrl()]), shadows: [] });
    const refused = await post(`${app.url}/services/foo/add`);
    expect([refused.status, refused.json()]).toEqual([502, { detail: 'Service foo version 1.0.0 refused the connection' }]);
    app.routes.set('bar', { target: upstream('bar', '1.0.0', []), shadows: [] });
    const none = await post(`${app.url}/services/bar/add`);
    expect([none.status, none.json()]).toEqual([503, { detail: 'Service bar version 1.0.0 is not running' }]);
  });
});
