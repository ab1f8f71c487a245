import { createHash } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConsola } from 'consola';
import { afterEach, describe, expect, it } from 'vitest';
import { closedUrl, json, startServer, type TestServer } from '../../communication/_http-server.ts';
import { MANAGER_TOKEN, send, startGateway, upstream, type GatewayApp } from './_gateway-app.ts';

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of running.splice(0).reverse()) await item.close();
});

async function gatewayTo(origin: string | undefined, options: Parameters<typeof startGateway>[0] = {}): Promise<GatewayApp> {
  const app = await startGateway(options);
  running.push(app);
  app.routes.set('foo', { target: upstream('foo', '1.0.0', origin), shadows: [] });
  return app;
}

async function service(): Promise<TestServer> {
  const server = await startServer();
  running.push(server);
  return server;
}

// A node:http server whose handler the test writes, for answers and bodies in pieces.
async function rawService(handler: (request: IncomingMessage, response: import('node:http').ServerResponse) => void): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  running.push({
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('createGateway(): forwarding', () => {
  it('forwards a POST with its JSON body under the prefix stripped, and answers with main’s status, headers and body', async () => {
    const foo = await service();
    foo.reply((_, response) => json(response, 201, { sum: 3 }, { 'x-service': 'foo' }));
    const { url } = await gatewayTo(foo.url);
    const answer = await send(`${url}/services/foo/add?verbose=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1,"b":2}' });
    expect(answer.status).toBe(201);
    expect(answer.json()).toEqual({ sum: 3 });
    expect(answer.headers['x-service']).toBe('foo');
    expect(foo.seen).toHaveLength(1);
    expect(foo.seen[0]).toMatchObject({ method: 'POST', url: '/add?verbose=1', body: '{"a":1,"b":2}' });
    expect(foo.seen[0]!.headers['content-type']).toBe('application/json');
  });

  it('forwards the bare prefix as `/`, keeping the query', async () => {
    const foo = await service();
    const { url } = await gatewayTo(foo.url);
    await send(`${url}/services/foo`);
    await send(`${url}/services/foo/?x=1`);
    await send(`${url}/services/foo?y=2`);
    expect(foo.seen.map((seen) => seen.url)).toEqual(['/', '/?x=1', '/?y=2']);
  });

  it('answers a HEAD with main’s status and headers and no body', async () => {
    const foo = await service();
    foo.reply((_, response) => response.writeHead(200, { 'content-type': 'text/plain', 'content-length': '5' }).end());
    const { url } = await gatewayTo(foo.url);
    const answer = await send(`${url}/services/foo/x`, { method: 'HEAD' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-length']).toBe('5');
    expect(answer.body.length).toBe(0);
    expect(foo.seen[0]!.method).toBe('HEAD');
  });

  it('forwards the body of a GET, as the seed’s clients send one', async () => {
    const foo = await service();
    const { url } = await gatewayTo(foo.url);
    await send(`${url}/services/foo/greet`, { method: 'GET', headers: { 'content-type': 'application/json' }, body: '{"name":"Bob"}' });
    expect(foo.seen[0]).toMatchObject({ method: 'GET', url: '/greet', body: '{"name":"Bob"}' });
  });

  it('keeps Host, sets X-Forwarded-*, and sends the manager’s token instead of the caller’s Authorization and session cookie', async () => {
    const foo = await service();
    const { url } = await gatewayTo(foo.url);
    await send(`${url}/services/foo/add`, {
      headers: {
        host: 'manager.example:4000',
        authorization: 'Bearer callers-own-token',
        cookie: 'theme=dark; mvi_session=secret-session; lang=sv',
        'x-forwarded-for': '10.0.0.1',
        'x-forwarded-prefix': '/spoofed',
        'x-request-id': 'r-1',
      },
    });
    const { headers } = foo.seen[0]!;
    expect(headers.host).toBe('manager.example:4000');
    expect(headers['x-forwarded-host']).toBe('manager.example:4000');
    expect(headers['x-forwarded-proto']).toBe('http');
    expect(headers['x-forwarded-prefix']).toBe('/services/foo');
    expect(headers['x-forwarded-for']).toBe('10.0.0.1, 127.0.0.1');
    expect(headers.authorization).toBe(`Bearer ${MANAGER_TOKEN}`);
    expect(headers.cookie).toBe('theme=dark; lang=sv');
    expect(headers['x-request-id']).toBe('r-1');
    expect(JSON.stringify(headers)).not.toContain('secret-session');
    expect(JSON.stringify(headers)).not.toContain('callers-own-token');
  });

  it('sends no Cookie header when the session cookie was the only one', async () => {
    const foo = await service();
    const { url } = await gatewayTo(foo.url);
    await send(`${url}/services/foo/x`, { headers: { cookie: 'mvi_session=secret' } });
    expect(foo.seen[0]!.headers.cookie).toBeUndefined();
  });

  it('drops hop-by-hop headers, those named by Connection included, both ways', async () => {
    const origin = await rawService((request, response) => {
      response.writeHead(200, { connection: 'keep-alive, x-upstream-hop', 'x-upstream-hop': '1', 'x-kept': '1', 'content-type': 'application/json' });
      response.end(JSON.stringify({ seen: request.headers }));
    });
    const { url } = await gatewayTo(origin);
    const answer = await send(`${url}/services/foo/x`, { headers: { connection: 'keep-alive, x-caller-hop', 'x-caller-hop': '1', te: 'trailers', 'proxy-authorization': 'Basic eA==', 'x-kept': '1' } });
    const { seen } = answer.json() as { seen: Record<string, string> };
    expect(seen['x-caller-hop']).toBeUndefined();
    expect(seen.te).toBeUndefined();
    expect(seen['proxy-authorization']).toBeUndefined();
    expect(seen['x-kept']).toBe('1');
    expect(answer.headers['x-upstream-hop']).toBeUndefined();
    expect(answer.headers['x-kept']).toBe('1');
  });

  it('passes header bytes through as they were, UTF-8 in a value included', async () => {
    const origin = await rawService((_, response) => {
      // Written as raw bytes: `x-name: Åsa €` in UTF-8.
      response.socket!.end(Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nx-name: '), Buffer.from('Åsa €', 'utf8'), Buffer.from('\r\n\r\nok')]));
    });
    const { url } = await gatewayTo(origin);
    const answer = await send(`${url}/services/foo/x`);
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('ok');
    expect(Buffer.from(answer.headers['x-name'] as string, 'latin1').toString('utf8')).toBe('Åsa €');
  });

  it('passes a service’s cookies to the caller, except one that would set the manager’s session', async () => {
    const foo = await service();
    foo.reply((_, response) => response.writeHead(200, { 'set-cookie': ['mvi_session=planted; Path=/', 'theme=dark; Path=/services/foo'] }).end('ok'));
    const { url } = await gatewayTo(foo.url);
    const answer = await send(`${url}/services/foo/x`);
    expect(answer.headers['set-cookie']).toEqual(['theme=dark; Path=/services/foo']);
  });

  it('streams a large answer to the caller as it comes, and it arrives complete', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const origin = await rawService(async (_, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.write(chunk);
      await released;
      for (let i = 0; i < 127; i++) response.write(Buffer.alloc(64 * 1024, i % 256));
      response.end();
    });
    const { url } = await gatewayTo(origin);
    const hash = createHash('sha256');
    let bytes = 0;
    await new Promise<void>((resolve, reject) => {
      httpRequest(`${url}/services/foo/big`, (response) => {
        response.on('data', (data: Buffer) => {
          // The first piece arrives while the service still holds back the rest.
          if (bytes === 0) release();
          bytes += data.length;
          hash.update(data);
        });
        response.once('end', resolve);
        response.once('error', reject);
      }).end();
    });
    const expected = createHash('sha256').update(chunk);
    for (let i = 0; i < 127; i++) expected.update(Buffer.alloc(64 * 1024, i % 256));
    expect(bytes).toBe(128 * 64 * 1024);
    expect(hash.digest('hex')).toBe(expected.digest('hex'));
  });

  it('forwards a small body sent in pieces whole, with its length; a caller gone in the middle of one sends the service nothing', async () => {
    const foo = await service();
    const { url } = await gatewayTo(foo.url);
    const body = JSON.stringify({ text: 'x'.repeat(1000) });
    const sendInPieces = (whole: boolean) =>
      new Promise<string>((resolve, reject) => {
        const outgoing = httpRequest(`${url}/services/foo/add`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length) } }, (response) => {
          let text = '';
          response.on('data', (data: Buffer) => (text += data.toString()));
          response.once('end', () => resolve(`${response.statusCode} ${text}`));
        });
        outgoing.once('error', (error) => (whole ? reject(error) : undefined));
        if (!whole) outgoing.once('close', () => resolve('gone'));
        outgoing.write(body.slice(0, 300));
        setTimeout(() => (whole ? outgoing.end(body.slice(300)) : outgoing.destroy()), 50);
      });
    await expect(sendInPieces(false)).resolves.toBe('gone');
    expect(await sendInPieces(true)).toMatch(/^200 /);
    expect(foo.seen).toHaveLength(1);
    expect(foo.seen[0]!.body).toBe(body);
    expect(foo.seen[0]!.headers['content-length']).toBe(String(body.length));
  });

  // A body announced as at most 64 KiB is read whole first (one write upstream); a larger one, or a chunked one, streams.
  it.each([
    ['chunked', { 'transfer-encoding': 'chunked' }],
    ['with its length', { 'content-length': String(16 * 256 * 1024) }],
  ])('streams a large request body (%s) to the service as it comes, and it arrives complete', async (_, framing) => {
    let firstPiece!: () => void;
    const gotFirstPiece = new Promise<void>((resolve) => (firstPiece = resolve));
    const origin = await rawService((request, response) => {
      const hash = createHash('sha256');
      let bytes = 0;
      request.on('data', (data: Buffer) => {
        if (bytes === 0) firstPiece();
        bytes += data.length;
        hash.update(data);
      });
      request.once('end', () => json(response, 200, { bytes, sha256: hash.digest('hex') }));
    });
    const { url } = await gatewayTo(origin);
    const piece = Buffer.alloc(256 * 1024, 'y');
    const answer = await new Promise<unknown>((resolve, reject) => {
      const outgoing = httpRequest(`${url}/services/foo/upload`, { method: 'POST', headers: framing }, (response) => {
        let text = '';
        response.on('data', (data: Buffer) => (text += data.toString()));
        response.once('end', () => resolve(JSON.parse(text)));
      });
      outgoing.once('error', reject);
      outgoing.write(piece);
      // The rest is sent only once the service has the first piece: nothing waits for the whole body.
      void gotFirstPiece.then(() => {
        for (let i = 0; i < 15; i++) outgoing.write(piece);
        outgoing.end();
      });
    });
    const expected = createHash('sha256');
    for (let i = 0; i < 16; i++) expected.update(piece);
    expect(answer).toEqual({ bytes: 16 * piece.length, sha256: expected.digest('hex') });
  });

  it('cuts the service’s answer when the caller goes away in the middle of it, shadows or not', async () => {
    let cut = () => {};
    const origin = await rawService((_, response) => {
      response.once('close', () => cut());
      response.writeHead(200).write('first piece');
    });
    const shadow = await service();
    const app = await gatewayTo(origin);
    app.routes.set('bar', { target: upstream('bar', '1.0.0', origin), shadows: [upstream('bar', '2.0.0', shadow.url)] });
    for (const name of ['foo', 'bar']) {
      const serviceSawTheCut = new Promise<void>((resolve) => (cut = resolve));
      await new Promise<void>((resolve) => {
        const outgoing = httpRequest(`${app.url}/services/${name}/stream`, (response) => response.once('data', () => outgoing.destroy()));
        outgoing.once('close', resolve).once('error', () => {});
        outgoing.end();
      });
      await serviceSawTheCut;
    }
  });

  it('cuts the caller’s answer when the service fails in the middle of it, shadows or not', async () => {
    const origin = await rawService((_, response) => {
      response.writeHead(200, { 'content-length': '1000' }).write('only a part');
      setImmediate(() => response.destroy());
    });
    const app = await gatewayTo(origin);
    app.routes.set('bar', { target: upstream('bar', '1.0.0', origin), shadows: [upstream('bar', '2.0.0', origin)] });
    for (const name of ['foo', 'bar']) {
      const outcome = await new Promise<string>((resolve) => {
        const outgoing = httpRequest(`${app.url}/services/${name}/x`, (response) => {
          response.resume().once('end', () => resolve('ended')).once('aborted', () => resolve('cut')).once('error', () => resolve('cut'));
        });
        outgoing.once('error', () => resolve('cut'));
        outgoing.end();
      });
      expect(outcome).toBe('cut');
    }
  });

  it('drops the answer of a caller that went away before it came, without an error', async () => {
    let arrived!: () => void;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    let answer!: () => void;
    const mayAnswer = new Promise<void>((resolve) => (answer = resolve));
    let cut!: () => void;
    const serviceSawTheCut = new Promise<void>((resolve) => (cut = resolve));
    const origin = await rawService(async (_, response) => {
      response.once('close', cut);
      arrived();
      await mayAnswer;
      response.writeHead(200).write('too late');
    });
    const { url } = await gatewayTo(origin);
    const outgoing = httpRequest(`${url}/services/foo/slow`);
    outgoing.once('error', () => {});
    outgoing.end();
    await requestArrived;
    await new Promise((resolve) => outgoing.once('close', resolve).destroy());
    // Lets the gateway's server see the closed socket before the answer comes.
    await new Promise((resolve) => setTimeout(resolve, 50));
    answer();
    await serviceSawTheCut;
  });

  it('answers 503 JSON for a version that is not running', async () => {
    const { url } = await gatewayTo(undefined);
    const answer = await send(`${url}/services/foo/add`);
    expect(answer.status).toBe(503);
    expect(answer.headers['content-type']).toMatch(/application\/json/);
    expect(answer.json()).toEqual({ detail: 'Service foo version 1.0.0 is not running' });
  });

  it('answers 502 JSON when the version refuses the connection', async () => {
    const { url, gateway } = await gatewayTo(await closedUrl());
    const answer = await send(`${url}/services/foo/add`, { method: 'POST', body: '{}' });
    expect(answer.status).toBe(502);
    expect(answer.json()).toEqual({ detail: 'Service foo version 1.0.0 refused the connection' });
    expect(gateway.shadowReport('foo').versions[0]).toMatchObject({ version: '1.0.0', requests: 1, errors: 1 });
  });

  it('logs a version that failed to answer, without the query of the request', async () => {
    const logged: string[] = [];
    const logger = createConsola({ reporters: [{ log: (entry) => logged.push(entry.args.join(' ')) }] });
    const { url } = await gatewayTo(await closedUrl(), { logger });
    await send(`${url}/services/foo/predict?password=hunter2`);
    expect(logged).toEqual(['Service foo version 1.0.0 refused the connection: GET /predict']);
  });

  it('answers 502 JSON when the version does not answer in time', async () => {
    const foo = await service();
    foo.reply(() => {});
    const { url } = await gatewayTo(foo.url, { timeout: 100 });
    const answer = await send(`${url}/services/foo/add`);
    expect(answer.status).toBe(502);
    expect(answer.json()).toEqual({ detail: 'Service foo version 1.0.0 did not answer in time' });
  });

  it('answers 405 with Allow for methods it does not forward', async () => {
    const foo = await service();
    const { url } = await gatewayTo(foo.url);
    const answer = await send(`${url}/services/foo/x`, { method: 'TRACE' });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH');
    expect(answer.json()).toEqual({ detail: 'The gateway does not forward TRACE requests' });
    expect(foo.seen).toHaveLength(0);
  });

  it('strips a prefix on segment boundaries only: `/services/foo` never takes `/services/foobar`', async () => {
    const foo = await service();
    const app = await gatewayTo(foo.url);
    // A route whose prefix does not cover the path, as a wrong resolution would give.
    app.routes.set('foobar', { target: upstream('foo', '1.0.0', foo.url), shadows: [], prefix: '/services/foo' });
    const answer = await send(`${app.url}/services/foobar/x`);
    expect(answer.status).toBe(404);
    expect(answer.json()).toEqual({ detail: '/services/foobar/x is not under /services/foo' });
    expect(foo.seen).toHaveLength(0);
  });

  it('records requests, errors and p50/p99 of the version that answers', async () => {
    const foo = await service();
    let calls = 0;
    foo.reply((_, response) => json(response, ++calls === 2 ? 500 : 200, {}));
    const { url, gateway } = await gatewayTo(foo.url);
    for (let i = 0; i < 3; i++) await send(`${url}/services/foo/x`);
    const [report] = gateway.shadowReport('foo').versions;
    expect(report).toMatchObject({ version: '1.0.0', requests: 3, errors: 1 });
    expect(report!.latency_ms.p50).toBeGreaterThan(0);
    expect(report!.latency_ms.p99).toBeGreaterThanOrEqual(report!.latency_ms.p50!);
    expect(gateway.shadowReport('bar')).toEqual({ name: 'bar', versions: [] });
  });

  it('forgets a version’s statistics', async () => {
    const foo = await service();
    const { url, gateway } = await gatewayTo(foo.url);
    await send(`${url}/services/foo/x`);
    gateway.forget('foo_1.0.0');
    expect(gateway.shadowReport('foo').versions).toEqual([]);
    expect((await send(`${url}/services/foo/x`)).status).toBe(200);
  });
});
