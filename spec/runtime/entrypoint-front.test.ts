import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defineService, httpError } from 'mvi';
import { serve } from 'mvi/runtime';
import { createMemoryStore } from '../../lib/monitor/memory-store.ts';
import type { ServiceAppOptions } from '../../lib/runtime/create-service-app.ts';
import { listen } from '../../lib/runtime/_listen.ts';
import { readNodeBody } from '../../lib/runtime/read-json-body.ts';
import { DEFAULT_BODY_LIMIT } from '../../lib/runtime/route-context.ts';
import { hello } from '../../playground/hello.ts';
import { signToken, testKeys, type TestKeys } from '../protocol/_tokens.ts';
import { postJson, readJson, serviceApp } from './_service-app.ts';

let aborted: string | undefined;
const calc = defineService({ name: 'calc', version: '2.0.0' })
  .entrypoint('add', v.object({ a: v.number(), b: v.number() }), ({ a, b }) => ({ sum: a + b }), { monitor: true })
  .entrypoint('conflict', v.object({}), () => {
    throw httpError(409, 'Already taken', { headers: { 'x-why': 'taken' } });
  })
  .entrypoint('fail', v.object({}), () => {
    throw new Error('boom');
  })
  .entrypoint('nothing', v.object({}), () => undefined)
  .entrypoint('replace', v.object({ id: v.string() }), ({ id }) => `replaced ${id}`, { method: 'PUT', status: 201 })
  .entrypoint('quiet', v.object({}), () => 'shh', { httpLogs: false })
  .entrypoint('ping', v.object({}), () => 'pong', { method: 'GET' })
  .entrypoint('odd', v.object({}), () => 'odd', { status: 299 })
  .entrypoint('bad_header', v.object({}), () => {
    throw httpError(409, 'Taken', { headers: { 'x-why': 'line\nbreak' } });
  })
  .entrypoint('late_fail', v.object({}), async () => {
    await new Promise((resolve) => setTimeout(resolve, 150));
    throw new Error('late boom');
  })
  .entrypoint('wait', v.object({}), async (_input, ctx) => {
    aborted = await new Promise<string>((resolve) => ctx.signal.addEventListener('abort', () => resolve((ctx.signal.reason as Error).name)));
    return 'never seen';
  });

const servers: Server[] = [];
afterAll(() => Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve)))));

// The front alone on a Node server (what it leaves to the app answers 418, so that a test sees
// which of the two answered), and the same app on a port without the front, as srvx serves it.
async function frontAlone(options: Partial<ServiceAppOptions> = {}) {
  const service = serviceApp(calc, options);
  const front = service.nodeFront;
  if (!front) throw new Error('no front');
  const server = createServer((request, response) => {
    if (!front(request, response)) response.writeHead(418).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const h3 = await listen({ fetch: service.app.fetch, port: 0, hostname: '127.0.0.1', bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT });
  afterAll(() => h3.close(true));
  return { ...service, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, h3Url: h3.url!.replace(/\/$/, '') };
}

const answerOf = async (res: Response) => ({ status: res.status, reason: res.statusText, type: res.headers.get('content-type'), why: res.headers.get('x-why'), body: await res.text() });

// A request with headers as given, repeated ones sent as lines of their own (fetch joins them).
function rawPost(url: string, headers: Record<string, string | string[]>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (response) => {
      response.resume();
      resolve(response.statusCode!);
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('the entrypoints\' front on Node\'s request and response', () => {
  let front: Awaited<ReturnType<typeof frontAlone>>;
  beforeAll(async () => {
    front = await frontAlone({ accessLog: true });
  });
  afterAll(() => front.close());

  it('answers exactly as the h3 routes do, for good calls and bad ones', async () => {
    const cases: [string, RequestInit][] = [
      ['/add', postJson({ a: 1, b: 2 })],
      ['/add?ignored=1', postJson({ a: 1, b: 2 })],
      ['/add', postJson({ a: 1, b: 'x' })],
      ['/add', postJson('{"a":')],
      ['/add', postJson('')],
      ['/add', postJson('\uFEFF{"a":2,"b":2}')],
      ['/conflict', postJson({})],
      ['/fail', postJson({})],
      ['/nothing', postJson({})],
      ['/replace', postJson({ id: 'x' }, 'PUT')],
      ['/odd', postJson({})],
      ['/bad_header', postJson({})],
    ];
    for (const [path, init] of cases) {
      const viaFront = await answerOf(await fetch(`${front.url}${path}`, init));
      const viaH3 = await answerOf(await fetch(`${front.h3Url}${path}`, init));
      expect(viaFront.status, path).not.toBe(418);
      expect(viaFront, `${init.method} ${path} ${String(init.body)}`).toStrictEqual(viaH3);
    }
    expect(await answerOf(await fetch(`${front.url}/add`, postJson({ a: 1, b: 2 })))).toStrictEqual({ status: 200, reason: 'OK', type: 'application/json', why: null, body: '{"sum":3}' });
    // A header Node cannot send: an empty 500, and the service answers on.
    expect(await answerOf(await fetch(`${front.url}/bad_header`, postJson({})))).toMatchObject({ status: 500, body: '' });
    expect(front.logs.some((line) => line.startsWith('Could not send the answer:'))).toBe(true);
  });

  it('leaves GET entrypoints, other methods and unknown paths to the h3 app', async () => {
    for (const [path, method] of [['/ping', 'GET'], ['/add', 'GET'], ['/add', 'PUT'], ['/add', 'HEAD'], ['/replace', 'POST'], ['/nope', 'POST'], ['/add/', 'POST'], ['/~health', 'GET']] as const) {
      expect((await fetch(`${front.url}${path}`, { method })).status, `${method} ${path}`).toBe(418);
    }
  });

  it('stores a monitored call\'s body as sent and its answer, counts it, and logs it', async () => {
    const res = await fetch(`${front.url}/add`, postJson('{ "a": 20,  "b": 22 }'));
    expect(await res.json()).toStrictEqual({ sum: 42 });
    await fetch(`${front.url}/quiet`, postJson({}));
    const stored = await readJson(await front.app.request('/~monitor?variables=add_request&variables=add_response'));
    expect(stored.add_request.value.at(-1)).toBe('{ "a": 20,  "b": 22 }');
    expect(stored.add_response.value.at(-1)).toBe('{"sum":42}');
    const metrics = await (await front.app.request('/~metrics')).text();
    expect(metrics).toMatch(/^mvi_requests_total\{entrypoint="quiet",status="200"\} 1$/m);
    expect(metrics).toMatch(/^mvi_request_duration_seconds_count\{entrypoint="quiet"\} 1$/m);
    expect(front.logs.some((line) => /^POST \/add 200 \d+\.\dms$/.test(line))).toBe(true);
    expect(front.logs.some((line) => line.includes('/quiet'))).toBe(false);
  });

  it('aborts ctx.signal when the client goes away, and answers the next call', async () => {
    const client = new AbortController();
    const call = fetch(`${front.url}/wait`, { ...postJson({}), signal: client.signal });
    setTimeout(() => client.abort(), 100);
    await expect(call).rejects.toThrow();
    await vi.waitFor(() => expect(aborted).toBe('AbortError'));
    expect((await fetch(`${front.url}/nothing`, postJson({}))).status).toBe(200);
  });

  it('counts and logs a call that fails after its client left, as one that succeeds', async () => {
    const client = new AbortController();
    const call = fetch(`${front.url}/late_fail`, { ...postJson({}), signal: client.signal });
    setTimeout(() => client.abort(), 30);
    await expect(call).rejects.toThrow();
    await vi.waitFor(() => expect(front.logs.some((line) => line.startsWith('POST /late_fail 500 '))).toBe(true));
    expect(front.engine.metrics.render()).toMatch(/^mvi_requests_total\{entrypoint="late_fail",status="500"\} 1$/m);
  });

  it('refuses a body over the limit with 413, whether its length is declared or not', async () => {
    const small = await frontAlone({ bodyLimit: 64 });
    const big = JSON.stringify({ a: 1, b: 2, pad: 'x'.repeat(100) });
    const declared = await fetch(`${small.url}/add`, postJson(big));
    expect([declared.status, await declared.json()]).toStrictEqual([413, { detail: 'Request body is larger than 64 bytes' }]);
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const streamed = await fetch(`${small.url}/add`, { method: 'POST', body: chunks, duplex: 'half' } as RequestInit);
    expect([streamed.status, await streamed.json()]).toStrictEqual([413, { detail: 'Request body is larger than 64 bytes' }]);
    await small.close();
  });

  it('is not there with CORS on, which the h3 app answers', () => {
    const service = serviceApp(calc, { cors: '*' });
    expect(service.nodeFront).toBeUndefined();
    return service.close();
  });
});

describe('readNodeBody()', () => {
  it('rejects at once a request that is gone before it is read, where no event would ever come', async () => {
    const gone = Object.assign(new Readable({ read() {} }), { headers: {} });
    gone.destroy();
    await once(gone, 'close');
    await expect(readNodeBody(gone, 100)).rejects.toMatchObject({ name: 'AbortError' });
  }, 2_000);
});

describe('serve() with the front ahead of its app', () => {
  let keys: TestKeys;
  beforeAll(async () => {
    keys = await testKeys();
  });

  it('answers calls on the front and the rest on the app, under the root path too', async () => {
    const running = await serve(calc, { port: 0, store: createMemoryStore(), accessLog: false, handleSignals: false, env: { MVI_SERVICE_NAME: 'calc', MVI_SERVICE_VERSION: '2.0.0' } });
    const origin = new URL(running.url).origin;
    try {
      for (const path of ['/add', '/services/calc_2.0.0/add']) {
        expect(await (await fetch(`${origin}${path}`, postJson({ a: 2, b: 3 }))).json()).toStrictEqual({ sum: 5 });
      }
      const wrongMethod = await fetch(`${origin}/add`, { method: 'DELETE' });
      expect([wrongMethod.status, wrongMethod.headers.get('allow')]).toStrictEqual([405, 'POST']);
      const unknown = await fetch(`${origin}/ad`, postJson({}));
      expect(unknown.status).toBe(404);
      expect((await readJson(unknown)).detail).toContain('add');
      expect(await (await fetch(`${origin}/ping`)).json()).toBe('pong');
    } finally {
      await running.close();
    }
  });

  it('checks the manager\'s token on the front as on the app', async () => {
    const running = await serve(hello, { port: 0, store: createMemoryStore(), accessLog: false, handleSignals: false, env: { MVI_MANAGER_PUBLIC_KEY: keys.publicKey } });
    try {
      const missing = await fetch(`${running.url}/hello`, postJson({ name: 'Bob' }));
      expect([missing.status, missing.headers.get('www-authenticate'), (await readJson(missing)).detail]).toStrictEqual([401, 'Bearer', 'Missing token: this service answers only requests that come through its manager']);
      const userToken = await signToken(keys, { role: 'user' });
      const refused = await fetch(`${running.url}/hello`, { ...postJson({ name: 'Bob' }), headers: { 'content-type': 'application/json', authorization: `Bearer ${userToken}` } });
      expect(refused.status).toBe(401);
      const token = await signToken(keys);
      // Two Authorization headers: the h3 app reads them joined, which no token matches; so does the front.
      expect(await rawPost(`${running.url}/hello`, { authorization: [`Bearer ${token}`, 'Bearer other'] }, '{"name":"Bob"}')).toBe(401);
      const allowed = await fetch(`${running.url}/hello`, { ...postJson({ name: 'Bob' }), headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
      expect([allowed.status, await allowed.json()]).toStrictEqual([200, 'Hello Bob']);
    } finally {
      await running.close();
    }
  });
});
