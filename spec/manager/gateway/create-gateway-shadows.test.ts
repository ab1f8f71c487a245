import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closedUrl, json, startServer, type SeenRequest, type TestServer } from '../../communication/_http-server.ts';
import { MANAGER_TOKEN, send, startGateway, upstream, type GatewayApp } from './_gateway-app.ts';

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of running.splice(0).reverse()) await item.close();
});

async function service(): Promise<TestServer> {
  const server = await startServer();
  running.push(server);
  return server;
}

// `foo` answered by main 1.0.0 at `main`, with shadows 2.0.0, 3.0.0… at `shadows`.
async function gatewayWith(main: string, shadows: (string | undefined)[], options: Parameters<typeof startGateway>[0] = {}): Promise<GatewayApp> {
  const app = await startGateway(options);
  running.push(app);
  app.routes.set('foo', { target: upstream('foo', '1.0.0', main), shadows: shadows.map((origin, i) => upstream('foo', `${i + 2}.0.0`, origin)) });
  return app;
}

const shadowSide = (app: GatewayApp, version: string) => app.gateway.shadowReport('foo').versions.find((known) => known.version === version)?.shadow;

// A reply held until the test lets it go, with a promise that the request has arrived.
function held(answer: (request: SeenRequest, response: ServerResponse) => void) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const arrivals: (() => void)[] = [];
  let count = 0;
  return {
    release,
    arrived: (n: number) => new Promise<void>((resolve) => (count >= n ? resolve() : arrivals.push(() => count >= n && resolve()))),
    reply: (request: SeenRequest, response: ServerResponse) => {
      count++;
      for (const check of arrivals) check();
      void released.then(() => answer(request, response));
    },
  };
}

describe('createGateway(): shadows', () => {
  it('answers with main’s answer and sends each shadow a copy: same method, path, body, headers, the manager’s token', async () => {
    const main = await service();
    const shadow = await service();
    main.reply((_, response) => json(response, 200, { from: 'main' }));
    shadow.reply((_, response) => json(response, 200, { from: 'shadow' }));
    const app = await gatewayWith(main.url, [shadow.url]);
    const answer = await send(`${app.url}/services/foo/add?x=1`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer caller', cookie: 'mvi_session=s' }, body: '{"a":1}' });
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ from: 'main' });
    await vi.waitFor(() => expect(shadow.seen).toHaveLength(1));
    expect(shadow.seen[0]).toMatchObject({ method: 'POST', url: '/add?x=1', body: '{"a":1}' });
    expect(shadow.seen[0]!.headers).toMatchObject({ authorization: `Bearer ${MANAGER_TOKEN}`, 'content-type': 'application/json', 'x-forwarded-prefix': '/services/foo' });
    expect(shadow.seen[0]!.headers.cookie).toBeUndefined();
    expect(main.seen[0]!.body).toBe('{"a":1}');
  });

  it('copies and counts only entrypoints’ traffic: a service’s own routes (monitoring, parameters, docs) are main’s alone', async () => {
    const main = await service();
    const shadow = await service();
    main.reply((_, response) => json(response, 200, { from: 'main' }));
    shadow.reply((_, response) => json(response, 200, { from: 'shadow' }));
    const app = await gatewayWith(main.url, [shadow.url]);
    // `%7E` too: the service's router decodes it to `~`.
    const own = ['/~monitor?variables=x', '/~parameters', '/~parameters/threshold', '/%7Eparameters/threshold', '/~health', '/~metrics', '/docs', '/docs/main.js', '/openapi.json'];
    for (const path of own) {
      const answer = await send(`${app.url}/services/foo${path}`, { method: path.endsWith('threshold') ? 'POST' : 'GET', body: path.endsWith('threshold') ? '{"value":1}' : undefined });
      expect(answer.json()).toEqual({ from: 'main' });
    }
    expect(main.seen.map((seen) => seen.url)).toEqual(own);
    // Entrypoints whose names merely start like a built-in route are entrypoints.
    for (const path of ['/docsearch', '/openapi', '/predict?docs=1']) await send(`${app.url}/services/foo${path}`);
    await vi.waitFor(() => expect(shadow.seen.map((seen) => seen.url)).toEqual(['/docsearch', '/openapi', '/predict?docs=1']));
    const versions = app.gateway.shadowReport('foo').versions;
    expect(versions.find((known) => known.version === '1.0.0')).toMatchObject({ requests: 3 });
    expect(shadowSide(app, '2.0.0')).toMatchObject({ mirrored: 3 });
  });

  it('answers while a slow shadow still holds its copy', async () => {
    const main = await service();
    const shadow = await service();
    const slow = held((_, response) => json(response, 200, { ok: true }));
    shadow.reply(slow.reply);
    const app = await gatewayWith(main.url, [shadow.url]);
    const answered = send(`${app.url}/services/foo/add`, { method: 'POST', body: '{}' });
    await slow.arrived(1);
    // Main's answer comes while the shadow's request is pending: nothing waits for the shadow.
    expect((await answered).status).toBe(200);
    expect(shadowSide(app, '2.0.0')).toMatchObject({ mirrored: 1, compared: 0 });
    slow.release();
    await vi.waitFor(() => expect(shadowSide(app, '2.0.0')).toMatchObject({ compared: 1, agreed: 1, agreement: 1 }));
  });

  it('counts a dead shadow’s copies as errors, and main answers on', async () => {
    const main = await service();
    const app = await gatewayWith(main.url, [await closedUrl(), undefined]);
    for (let i = 0; i < 2; i++) expect((await send(`${app.url}/services/foo/x`)).status).toBe(200);
    await vi.waitFor(() => expect(shadowSide(app, '2.0.0')).toMatchObject({ mirrored: 2, errors: 2, last_error: 'refused the connection', compared: 0 }));
    // A shadow that is not running gets no copy, and that counts as an error too.
    expect(shadowSide(app, '3.0.0')).toMatchObject({ mirrored: 0, errors: 2, last_error: 'is not running' });
  });

  it('gives up on a shadow that does not answer in time, and counts it', async () => {
    const main = await service();
    const shadow = await service();
    shadow.reply(() => {});
    const app = await gatewayWith(main.url, [shadow.url], { shadowTimeout: 100 });
    expect((await send(`${app.url}/services/foo/x`)).status).toBe(200);
    await vi.waitFor(() => expect(shadowSide(app, '2.0.0')).toMatchObject({ mirrored: 1, errors: 1, last_error: 'did not answer in time' }), { timeout: 3000 });
  });

  it('drops and counts copies past a shadow’s queue, and compares those it took', async () => {
    const main = await service();
    const shadow = await service();
    const slow = held((_, response) => json(response, 200, { ok: true }));
    shadow.reply(slow.reply);
    const app = await gatewayWith(main.url, [shadow.url], { shadowConcurrency: 1, shadowQueue: 1 });
    for (let i = 0; i < 4; i++) expect((await send(`${app.url}/services/foo/x`)).status).toBe(200);
    // One copy in flight, one waiting, two dropped.
    expect(shadowSide(app, '2.0.0')).toMatchObject({ mirrored: 2, dropped: 2 });
    slow.release();
    await vi.waitFor(() => expect(shadowSide(app, '2.0.0')).toMatchObject({ compared: 2, agreed: 2 }));
    expect(shadow.seen).toHaveLength(2);
  });

  it('agrees on equal JSON whatever its key order and layout, and keeps a sample of each disagreement', async () => {
    const main = await service();
    const shadow = await service();
    main.reply((request, response) => json(response, 200, { sum: 3, parts: { a: 1, b: 2 }, echo: request.url }));
    shadow.reply((request, response) => {
      if (request.url === '/agree') response.writeHead(200, { 'content-type': 'application/json' }).end('{ "echo": "/agree", "parts": {"b": 2, "a": 1}, "sum": 3 }');
      else json(response, 200, { sum: 4, parts: { a: 1, b: 2 }, echo: request.url });
    });
    const app = await gatewayWith(main.url, [shadow.url]);
    await send(`${app.url}/services/foo/agree`);
    await send(`${app.url}/services/foo/disagree`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1,"b":2}' });
    await vi.waitFor(() => expect(shadowSide(app, '2.0.0')).toMatchObject({ compared: 2, agreed: 1, agreement: 0.5 }));
    const [sample, ...others] = shadowSide(app, '2.0.0')!.disagreements;
    expect(others).toEqual([]);
    expect(sample).toMatchObject({
      method: 'POST',
      path: '/disagree',
      request: { body: '{"a":1,"b":2}', truncated: false },
      main: { status: 200, body: JSON.stringify({ sum: 3, parts: { a: 1, b: 2 }, echo: '/disagree' }), truncated: false },
      shadow: { status: 200, body: JSON.stringify({ sum: 4, parts: { a: 1, b: 2 }, echo: '/disagree' }), truncated: false },
    });
    expect(Date.parse(sample!.at)).not.toBeNaN();
  });

  it('disagrees on another status, counts a shadow’s 5xx as an error, and compares other answers byte for byte', async () => {
    const main = await service();
    const shadow = await service();
    main.reply((request, response) => (request.url === '/text' ? response.writeHead(200, { 'content-type': 'text/plain' }).end('a b') : json(response, 200, { ok: true })));
    shadow.reply((request, response) => (request.url === '/text' ? response.writeHead(200, { 'content-type': 'text/plain' }).end('a  b') : json(response, 500, { detail: 'boom' })));
    const app = await gatewayWith(main.url, [shadow.url]);
    await send(`${app.url}/services/foo/json`);
    await send(`${app.url}/services/foo/text`);
    await vi.waitFor(() => expect(shadowSide(app, '2.0.0')).toMatchObject({ compared: 2, agreed: 0, errors: 1 }));
    expect(shadowSide(app, '2.0.0')!.disagreements.map(({ path, shadow: { status, body } }) => ({ path, status, body }))).toEqual([
      { path: '/json', status: 500, body: '{"detail":"boom"}' },
      { path: '/text', status: 200, body: 'a  b' },
    ]);
  });

  it('keeps the latest disagreements only', async () => {
    const main = await service();
    const shadow = await service();
    shadow.reply((request, response) => json(response, 200, { other: request.url }));
    const app = await gatewayWith(main.url, [shadow.url], { samples: 2 });
    for (let i = 0; i < 4; i++) await send(`${app.url}/services/foo/${i}`);
    await vi.waitFor(() => expect(shadowSide(app, '2.0.0')).toMatchObject({ compared: 4, agreed: 0 }));
    expect(shadowSide(app, '2.0.0')!.disagreements.map((sample) => sample.path)).toEqual(['/2', '/3']);
  });

  it('compares nothing past the limit: a large answer is not compared, a large body reaches main alone and whole', async () => {
    const main = await service();
    const shadow = await service();
    main.reply((request, response) => (request.url === '/big' ? response.writeHead(200).end('x'.repeat(2000)) : json(response, 200, { bytes: request.body.length })));
    const app = await gatewayWith(main.url, [shadow.url], { compareLimit: 1000 });
    const big = await send(`${app.url}/services/foo/big`);
    expect(big.text).toBe('x'.repeat(2000));
    await vi.waitFor(() => expect(shadowSide(app, '2.0.0')).toMatchObject({ mirrored: 1, not_compared: 1, compared: 0 }));
    const upload = await send(`${app.url}/services/foo/upload`, { method: 'POST', body: 'y'.repeat(5000) });
    expect(upload.json()).toEqual({ bytes: 5000 });
    expect(shadowSide(app, '2.0.0')).toMatchObject({ mirrored: 1, skipped: 1 });
    expect(shadow.seen.map((seen) => seen.url)).toEqual(['/big']);
  });

  it('does not compare when main gave no answer', async () => {
    const shadow = await service();
    const app = await gatewayWith(await closedUrl(), [shadow.url]);
    expect((await send(`${app.url}/services/foo/x`)).status).toBe(502);
    await vi.waitFor(() => expect(shadowSide(app, '2.0.0')).toMatchObject({ mirrored: 1, not_compared: 1, compared: 0 }));
  });

  it('reports p50/p99 of the shadow and of main on the mirrored requests', async () => {
    const main = await service();
    const shadow = await service();
    const app = await gatewayWith(main.url, [shadow.url]);
    for (let i = 0; i < 3; i++) await send(`${app.url}/services/foo/x`);
    await vi.waitFor(() => expect(shadowSide(app, '2.0.0')).toMatchObject({ compared: 3 }));
    const side = shadowSide(app, '2.0.0')!;
    for (const latency of [side.latency_ms, side.main_latency_ms]) {
      expect(latency.p50).toBeGreaterThan(0);
      expect(latency.p99).toBeGreaterThanOrEqual(latency.p50!);
    }
    expect(app.gateway.shadowReport('foo').versions.find((known) => known.version === '1.0.0')).toMatchObject({ requests: 3, errors: 0 });
  });
});
