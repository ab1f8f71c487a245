import * as v from 'valibot';
import { strFromU8, unzipSync } from 'fflate';
import { createConsola, LogLevels } from 'consola';
import { STATUS_CODES } from 'node:http';
import { HTTPError } from 'h3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { defineService, httpError } from 'mvi';
import { hello } from '../../playground/hello.ts';
import { postJson, readJson, serviceApp } from './_service-app.ts';

const service = defineService({ name: 'shop', version: '1.2.0' })
  .parameter('discount', v.pipe(v.number(), v.minValue(0), v.maxValue(1)), 0.1, { monitor: true })
  .parameter('owner', v.string(), 'ops', { expose: false })
  .entrypoint('price', v.object({ amount: v.number(), qty: v.optional(v.number(), 1) }), ({ amount, qty }, ctx) => amount * qty * (1 - ctx.parameter('discount')), { monitor: true })
  .entrypoint('search', v.object({ q: v.string(), limit: v.optional(v.number(), 10), exact: v.optional(v.boolean(), false) }), (input) => input, { method: 'GET' })
  .entrypoint('greet', v.object({ name: v.string() }), ({ name }) => `Hello ${name}`)
  .entrypoint('create', v.object({}), () => ({ id: 7 }), { status: 201 })
  .entrypoint('crash', v.object({}), () => {
    throw new Error('secret internals');
  })
  .entrypoint('conflict', v.object({}), () => {
    throw httpError(409, 'Already exists');
  })
  .entrypoint('remove', v.object({ id: v.number() }), ({ id }) => ({ removed: id }), { method: 'DELETE' });

describe('the HTTP routes of a service', () => {
  const { app, close, logs } = serviceApp(service);
  afterAll(() => close());

  it('answers an entrypoint with the JSON of its result', async () => {
    const res = await app.request('/price', postJson({ amount: 10, qty: 2 }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await readJson(res)).toBe(18);
    expect(await (await app.request('/greet', postJson({ name: 'Bob' }))).text()).toBe('"Hello Bob"');
  });

  it('uses the success status of the entrypoint', async () => {
    const res = await app.request('/create', postJson({}));
    expect([res.status, await readJson(res)]).toEqual([201, { id: 7 }]);
  });

  it('treats an empty body as an empty object, as the seed clients send', async () => {
    expect((await app.request('/create', { method: 'POST' })).status).toBe(201);
  });

  it('answers 422 with detail entries for invalid input', async () => {
    const res = await app.request('/price', postJson({ amount: 'ten' }));
    expect(res.status).toBe(422);
    expect(await readJson(res)).toEqual({ detail: [{ loc: ['body', 'amount'], msg: expect.any(String), type: 'number' }] });
  });

  it('answers 422 json_invalid for malformed JSON', async () => {
    const res = await app.request('/price', postJson('{"amount": 1'));
    expect(res.status).toBe(422);
    expect(await readJson(res)).toEqual({ detail: [{ loc: ['body'], msg: expect.stringContaining('Invalid JSON'), type: 'json_invalid' }] });
  });

  it('answers 413 over the body limit', async () => {
    const res = await app.request('/greet', postJson({ name: 'x'.repeat(1024 * 1024 + 10) }));
    expect(res.status).toBe(413);
    expect(await readJson(res)).toEqual({ detail: 'Request body is larger than 1048576 bytes' });
  });

  it('honours a smaller configured body limit, also without a content-length', async () => {
    const small = serviceApp(service, { bodyLimit: 16 });
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify({ name: 'a much longer name than allowed' })));
        controller.close();
      },
    });
    const res = await small.app.request('/greet', { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    await small.close();
  });

  it('answers 404 for an unknown path and 405 with Allow for a wrong method', async () => {
    const missing = await app.request('/nope', postJson({}));
    const entrypoints = 'the entrypoints are price, search, greet, create, crash, conflict, remove';
    expect([missing.status, await readJson(missing)]).toEqual([404, { detail: `Entrypoint "nope" not found; ${entrypoints}` }]);
    const deeper = await app.request('/price/now');
    expect([deeper.status, await readJson(deeper)]).toEqual([404, { detail: `Route "/price/now" not found; ${entrypoints}` }]);
    const builtIn = await app.request('/~nope');
    expect([builtIn.status, await readJson(builtIn)]).toEqual([404, { detail: `Route "/~nope" not found; ${entrypoints}` }]);
    const wrong = await app.request('/price', { method: 'GET' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    const notGet = await app.request('/search', postJson({}));
    expect([notGet.status, notGet.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    const readOnly = await app.request('/~monitor', { method: 'DELETE' });
    expect([readOnly.status, readOnly.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    const parameter = await app.request('/~parameters/discount', { method: 'PUT' });
    expect([parameter.status, parameter.headers.get('allow')]).toEqual([405, 'GET, POST, HEAD']);
  });

  it('answers a JSON 500 without internals when a handler throws', async () => {
    const res = await app.request('/crash', postJson({}));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ detail: 'Internal Server Error' });
    expect(text).not.toContain('secret internals');
    // The internals go to the log instead, with where it happened.
    expect(logs.at(-1)).toMatch(/^Entrypoint "crash" failed: Error: secret internals\n\s+at /);
  });

  it('shows the message in development', async () => {
    const dev = serviceApp(service, { development: true });
    expect(await readJson(await dev.app.request('/crash', postJson({})))).toEqual({ detail: 'Internal Server Error', error: 'secret internals' });
    await dev.close();
  });

  it('lets a handler choose its status by throwing an HTTP error', async () => {
    const res = await app.request('/conflict', postJson({}));
    expect([res.status, await readJson(res)]).toEqual([409, { detail: 'Already exists' }]);
  });

  it('takes GET arguments from the query string, read as JSON where the schema needs it', async () => {
    const res = await app.request('/search?q=123&limit=5&exact=true');
    expect(await readJson(res)).toEqual({ q: '123', limit: 5, exact: true });
    const bad = await app.request('/search?q=x&limit=many');
    expect(bad.status).toBe(422);
    expect((await readJson(bad)).detail[0].loc).toEqual(['query', 'limit']);
  });

  it('serves other methods', async () => {
    expect(await readJson(await app.request('/remove', postJson({ id: 3 }, 'DELETE')))).toEqual({ removed: 3 });
  });
});

describe('parameter routes', () => {
  const { app, close } = serviceApp(service);
  afterAll(() => close());

  it('lists, reads and sets parameters', async () => {
    expect(await readJson(await app.request('/~parameters'))).toEqual({ discount: 0.1, owner: 'ops' });
    expect(await readJson(await app.request('/~parameters/discount'))).toBe(0.1);
    const set = await app.request('/~parameters/discount', postJson({ value: 0.5 }));
    expect([set.status, await readJson(set)]).toEqual([200, 'OK']);
    expect(await readJson(await app.request('/price', postJson({ amount: 10 })))).toBe(5);
  });

  it('answers 422 for an invalid or missing value, 404 for an unknown name and 405 when not exposed', async () => {
    const invalid = await app.request('/~parameters/discount', postJson({ value: 2 }));
    expect([invalid.status, (await readJson(invalid)).detail[0].loc]).toEqual([422, ['body', 'value']]);
    const missing = await app.request('/~parameters/discount', postJson({ other: 1 }));
    expect([missing.status, (await readJson(missing)).detail[0]]).toEqual([422, { loc: ['body', 'value'], msg: expect.any(String), type: 'missing' }]);
    expect((await app.request('/~parameters/nope')).status).toBe(404);
    expect((await app.request('/~parameters/nope', postJson({ value: 1 }))).status).toBe(404);
    const hidden = await app.request('/~parameters/owner', postJson({ value: 'me' }));
    expect([hidden.status, hidden.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect(await readJson(await app.request('/~parameters/owner'))).toBe('ops');
  });
});

describe('monitoring routes', () => {
  const { app, close } = serviceApp(service);
  afterAll(() => close());

  it('answers stored series, filtered by inclusive time range and variables', async () => {
    const before = new Date(Date.now() - 1000).toISOString();
    await app.request('/price', postJson({ amount: 10 }));
    await app.request('/price', postJson({ amount: 20, qty: 1 }));
    const all = await readJson(await app.request('/~monitor'));
    expect(Object.keys(all).sort()).toEqual(['discount', 'price_request', 'price_response']);
    expect(all.price_request.value).toEqual(['{"amount":10}', '{"amount":20,"qty":1}']);
    const res = await app.request(`/~monitor?variables=price_response&variables=discount&start=${before}`);
    const data = await readJson(res);
    expect(Object.keys(data).sort()).toEqual(['discount', 'price_response']);
    expect(data.price_response.value).toEqual(['9', '18']);
    const last = data.price_response.timestamp[1];
    const upToLast = await readJson(await app.request(`/~monitor?variables=price_response&end=${last}`));
    expect(upToLast.price_response.value).toHaveLength(2);
    const afterAllPoints = await readJson(await app.request(`/~monitor?start=${new Date(Date.parse(last) + 1).toISOString()}`));
    expect(afterAllPoints).toEqual({});
  });

  it('answers 412 for an unknown variable naming those stored, and 422 for an unreadable time or an end before the start', async () => {
    await app.request('/price', postJson({ amount: 10 }));
    const unknown = await app.request('/~monitor?variables=price_request&variables=nope');
    expect([unknown.status, await readJson(unknown)]).toEqual([412, { detail: 'Timeseries with identifier nope does not exist! Stored variables: discount, price_request, price_response.' }]);
    const bad = await app.request('/~monitor?start=yesterday');
    expect([bad.status, (await readJson(bad)).detail[0].loc]).toEqual([422, ['query', 'start']]);
    const reversed = await app.request('/~monitor?start=2026-12-05&end=2026-12-01');
    expect([reversed.status, await readJson(reversed)]).toEqual([422, { detail: [{ loc: ['query', 'end'], msg: 'end 2026-12-01T00:00:00.000Z is before start 2026-12-05T00:00:00.000Z: no time is in that range', type: 'value_error' }] }]);
    expect((await app.request('/~monitor/csv?start=2026-12-05&end=2026-12-01')).status).toBe(422);
  });

  it('zips one CSV per variable', async () => {
    const res = await app.request('/~monitor/csv?variables=price_request');
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="csv_data.zip"');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files)).toEqual(['price_request.csv']);
    const lines = strFromU8(files['price_request.csv']!).trim().split('\n');
    expect(lines[0]).toBe('timestamp,value');
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z,"{""amount"":10}"$/);
  });

  it('answers 412 for a CSV when nothing is monitored', async () => {
    const empty = serviceApp(defineService({ name: 'e', version: '1' }));
    const res = await empty.app.request('/~monitor/csv');
    expect([res.status, await readJson(res)]).toEqual([412, { detail: 'No monitored variables exists' }]);
    await empty.close();
  });

  it('downloads a SQL dump', async () => {
    const res = await app.request('/~monitor/db');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="shop_1.2.0_monitor.sql"');
    const sql = await res.text();
    expect(sql).toContain('CREATE TABLE IF NOT EXISTS mvi_points');
    expect(sql).toContain('price_request\t');
  });
});

describe('docs, health and root path', () => {
  it('answers under "" and under /services/{name}_{version} when the environment names the service', async () => {
    const { app, close } = serviceApp(service, { env: { MVI_SERVICE_NAME: 'shop', MVI_SERVICE_VERSION: '1.2.0' } });
    for (const prefix of ['', '/services/shop_1.2.0']) {
      expect(await readJson(await app.request(`${prefix}/greet`, postJson({ name: 'A' })))).toBe('Hello A');
      expect((await app.request(`${prefix}/~parameters`)).status).toBe(200);
      expect((await app.request(`${prefix}/~health`)).status).toBe(200);
      expect((await readJson(await app.request(`${prefix}/gret`))).detail).toMatch(/^Entrypoint "gret" not found; the entrypoints are price, /);
    }
    const openapi = await readJson(await app.request('/services/shop_1.2.0/openapi.json'));
    expect(openapi.servers).toEqual([{ url: '/services/shop_1.2.0' }]);
    await close();
  });

  it('serves health, the OpenAPI document and the docs page', async () => {
    const { app, started, close } = serviceApp(service);
    // Ready once its kept parameters are back (restore-parameters.test.ts has the wait itself).
    await started;
    expect(await readJson(await app.request('/~health'))).toEqual({ status: 'ok', service: 'shop', version: '1.2.0' });
    const openapi = await readJson(await app.request('/openapi.json'));
    expect(openapi.openapi).toMatch(/^3\.1/);
    expect(Object.keys(openapi.paths)).toContain('/price');
    const docs = await app.request('/docs');
    expect(docs.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await docs.text()).toContain('openapi.json');
    await close();
  });

  it('sends CORS headers only when MVI_ENABLE_CORS is on', async () => {
    const on = serviceApp(service, { env: { MVI_ENABLE_CORS: 'true', MVI_ALLOW_ORIGIN: 'https://a.example;https://b.example' } });
    const allowed = await on.app.request('/greet', { ...postJson({ name: 'x' }), headers: { origin: 'https://b.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://b.example');
    const preflight = await on.app.request('/greet', { method: 'OPTIONS', headers: { origin: 'https://a.example', 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://a.example');
    const other = await on.app.request('/greet', { ...postJson({ name: 'x' }), headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    await on.close();
    const any = serviceApp(service, { env: { MVI_ENABLE_CORS: 'true' } });
    const anyPreflight = await any.app.request('/greet', { method: 'OPTIONS', headers: { origin: 'https://x.example', 'access-control-request-method': 'POST' } });
    expect(anyPreflight.status).toBe(204);
    expect(anyPreflight.headers.get('access-control-allow-origin')).toBe('*');
    const anyAnswer = await any.app.request('/greet', { ...postJson({ name: 'x' }), headers: { origin: 'https://x.example' } });
    expect(anyAnswer.headers.get('access-control-allow-origin')).toBe('*');
    await any.close();
    const off = serviceApp(service, { env: { MVI_ENABLE_CORS: 'false' } });
    expect((await off.app.request('/greet', { ...postJson({ name: 'x' }), headers: { origin: 'https://a.example' } })).headers.get('access-control-allow-origin')).toBeNull();
    await off.close();
  });
});

describe('error details', () => {
  it('names a missing field as missing, with the reason phrase in the status line', async () => {
    const { app, close } = serviceApp(service);
    const res = await app.request('/price', postJson({ qty: 2 }));
    expect(res.statusText).toBe('Unprocessable Entity');
    expect(await readJson(res)).toEqual({ detail: [{ loc: ['body', 'amount'], msg: 'Field required', type: 'missing' }] });
    await close();
  });
});

describe('status lines', () => {
  it('carry the standard reason phrase on every route, not an empty one', async () => {
    const { app, close } = serviceApp(service, { env: { MVI_ENABLE_CORS: 'true' } });
    const answers = [
      await app.request('/price', postJson({ amount: 1 })),
      await app.request('/create', postJson({})),
      await app.request('/search?q=x', { method: 'HEAD' }),
      await app.request('/~parameters'),
      await app.request('/~parameters/discount'),
      await app.request('/~parameters/discount', postJson({ value: 0.2 })),
      await app.request('/~monitor'),
      await app.request('/~monitor', { method: 'HEAD' }),
      await app.request('/~monitor/csv'),
      await app.request('/~monitor/db'),
      await app.request('/openapi.json'),
      await app.request('/docs'),
      await app.request('/~health'),
      await app.request('/~metrics'),
      await app.request(`/docs/${/src="\.\/docs\/([^"]+)"/.exec(await (await app.request('/docs')).text())?.[1]}`),
      await app.request('/docs/'),
      await app.request('/nope'),
      await app.request('/price'),
      await app.request('/price', { method: 'OPTIONS', headers: { origin: 'https://a.example', 'access-control-request-method': 'POST' } }),
    ];
    expect(answers.map((res) => [res.status, res.statusText])).toEqual(answers.map((res) => [res.status, STATUS_CODES[res.status]]));
    expect(new Set(answers.map((res) => res.status))).toEqual(new Set([200, 201, 204, 308, 404, 405]));
    await close();
  });
});

describe('errors of h3', () => {
  it('keep the status, message, headers and data of an HTTPError a handler throws, and are not logged as failures', async () => {
    const h3Way = defineService({ name: 'h3way', version: '1' })
      .entrypoint('taken', v.object({}), () => {
        throw new HTTPError('Name taken', { status: 409, data: { name: 'bob' } });
      })
      .entrypoint('locked', v.object({}), () => {
        throw new HTTPError({ status: 401, headers: { 'www-authenticate': 'Bearer' } });
      })
      .entrypoint('wrapped', v.object({}), () => {
        throw new HTTPError({ status: 400, message: 'internal detail', unhandled: true });
      });
    const { app, close, logs } = serviceApp(h3Way);
    const taken = await app.request('/taken', postJson({}));
    expect([taken.status, await readJson(taken)]).toEqual([409, { detail: 'Name taken', data: { name: 'bob' } }]);
    const locked = await app.request('/locked', postJson({}));
    expect([locked.status, locked.headers.get('www-authenticate'), await readJson(locked)]).toEqual([401, 'Bearer', { detail: 'Unauthorized' }]);
    // h3 marks an error it wrapped around a crash as unhandled: that stays a 500 without internals.
    const wrapped = await app.request('/wrapped', postJson({}));
    expect([wrapped.status, await readJson(wrapped)]).toEqual([500, { detail: 'Internal Server Error' }]);
    expect(logs).toEqual([expect.stringMatching(/^Entrypoint "wrapped" failed: HTTPError: internal detail\n/)]);
    await close();
  });

  it('answer 400 to a path h3 cannot decode, instead of a 500', async () => {
    const { app, close, logs } = serviceApp(service);
    const res = await app.request('/~parameters/%E0%A4%A');
    expect([res.status, await readJson(res)]).toEqual([400, { detail: 'Bad Request' }]);
    expect(logs).toEqual([]);
    await close();
  });
});

describe('access log', () => {
  it('logs each request, except for routes that asked for silence and ready health checks', async () => {
    const lines: string[] = [];
    const logger = createConsola({ level: LogLevels.info, reporters: [{ log: (entry) => lines.push(entry.args.join(' ')) }] });
    const quiet = defineService({ name: 'quiet', version: '1' })
      .parameter('secret', v.string(), 's', { httpLogs: false })
      .entrypoint('loud', v.object({}), () => 1)
      .entrypoint('hush', v.object({}), () => 2, { httpLogs: false });
    const { app, close } = serviceApp(quiet, { accessLog: true, logger, env: { MVI_SERVICE_NAME: 'quiet', MVI_SERVICE_VERSION: '1' } });
    await app.request('/loud', postJson({}));
    await app.request('/hush', postJson({}));
    await app.request('/services/quiet_1/hush', postJson({}));
    await app.request('/~parameters/secret');
    await app.request('/~parameters');
    expect((await app.request('/~health')).status).toBe(200);
    expect((await app.request('/services/quiet_1/~health')).status).toBe(200);
    expect(lines.filter((l) => /^(GET|POST) /.test(l)).map((l) => l.replace(/ [\d.]+ms$/, ''))).toEqual([
      'POST /loud 200',
      'GET /~parameters 200',
    ]);
    await close();
  });
});

describe('retention from the environment', () => {
  it('lets MVI_SERVICE_DB_TABLE_LIMIT and MVI_SERVICE_DB_CLEAN_INTERVAL override .monitor()', async () => {
    const kept = defineService({ name: 'kept', version: '1' })
      .monitor({ retention: '1000 rows', cleanEvery: '1 day' })
      .entrypoint('put', v.object({ n: v.number() }), ({ n }, ctx) => ctx.store({ n }));
    const { app, close } = serviceApp(kept, { env: { MVI_SERVICE_DB_TABLE_LIMIT: '2rows', MVI_SERVICE_DB_CLEAN_INTERVAL: '0.05' } });
    for (const n of [1, 2, 3, 4]) await app.request('/put', postJson({ n }));
    await vi.waitFor(async () => expect((await readJson(await app.request('/~monitor'))).n.value).toEqual([3, 4]), { timeout: 5000 });
    await close();
  });
});

describe('monitored parameters', () => {
  it('refuse with 422, and keep their value, what the store cannot keep', async () => {
    const { app, close } = serviceApp(hello);
    const res = await app.request('/~parameters/greeting_phrase', postJson({ value: 'Hi\u0000' }));
    expect(res.status).toBe(422);
    expect((await readJson(res)).detail[0]).toMatchObject({ loc: ['body', 'value'], msg: expect.stringContaining('NUL') });
    expect(await readJson(await app.request('/~parameters/greeting_phrase'))).toBe('Hello');
    expect((await readJson(await app.request('/~monitor?variables=greeting_phrase'))).greeting_phrase.value).toEqual(['Hello']);
    await close();
  });
});

describe('monitor time bounds', () => {
  it('reads ISO times with offsets, also when a client left the + unencoded, and the seed\'s space form', async () => {
    const { app, close } = serviceApp(service);
    await app.request('/price', postJson({ amount: 1 }));
    const count = async (query: string) => ((await readJson(await app.request(`/~monitor?variables=price_request&${query}`))).price_request?.value ?? []).length;
    expect(await count('start=2000-01-01T01:00:00+01:00')).toBe(1);
    expect(await count('start=2000-01-01T01:00:00%2B01:00')).toBe(1);
    expect(await count('end=2000-01-01 00:00:00')).toBe(0);
    expect(await count('start=2000-01-01')).toBe(1);
    expect(await count('start=2000-01-01+01:00:00+01:00')).toBe(1);
    const noSuchDay = await app.request('/~monitor?start=2026-02-30T00:00:00Z');
    expect([noSuchDay.status, (await readJson(noSuchDay)).detail[0].loc]).toEqual([422, ['query', 'start']]);
    await close();
  });
});

describe('a service run under another name than its own', () => {
  it('says so in its log, and names itself in its OpenAPI document as it runs', async () => {
    const service = serviceApp(defineService({ name: 'scorer', version: '1.0.0' }), { env: { MVI_SERVICE_NAME: 'other', MVI_SERVICE_VERSION: '2.0.0' } });
    expect(service.logs).toContainEqual(expect.stringContaining("The service defines itself as scorer and runs as other 2.0.0, the name its manager gave it: its routes, data and token are other's"));
    const doc = await readJson(await service.app.request('/openapi.json'));
    expect([doc.info.title, doc.info.version]).toStrictEqual(['other', '2.0.0']);
    await service.close();
  });
});
