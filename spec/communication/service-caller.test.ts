import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { isServiceCallError, type ServiceCallError } from '../../lib/communication/service-call-error.ts';
import { callService, createServiceCaller } from '../../lib/communication/service-caller.ts';
import { captureLogs, type CapturedLogs } from '../utilities/_capture-logs.ts';
import { closedUrl, json, startServer, type TestServer } from './_http-server.ts';

let manager: TestServer;
let env: Record<string, string>;
beforeAll(async () => {
  manager = await startServer();
  env = { MVI_MANAGER_URL: manager.url, MVI_MANAGER_HOSTNAME: 'manager.test', MVI_SERVICE_TOKEN: 'secret-token' };
});
afterAll(() => manager.close());

let captured: CapturedLogs;
beforeEach(() => {
  captured = captureLogs();
  manager.reply((_, response) => json(response, 200, 4));
});
afterEach(() => captured.restore());

async function rejection(promise: Promise<unknown>): Promise<ServiceCallError> {
  const error: unknown = await promise.then(
    () => expect.unreachable('the call should have failed'),
    (reason: unknown) => reason,
  );
  if (!isServiceCallError(error)) throw error;
  return error;
}

describe('a call', () => {
  test('posts the arguments as JSON to the main version, with the token', async () => {
    await expect(callService('dice', 'roll', { sides: 6 }, { env })).resolves.toBe(4);
    expect(manager.seen).toHaveLength(1);
    const [seen] = manager.seen;
    expect(seen).toMatchObject({ method: 'POST', url: '/services/dice/roll', body: '{"sides":6}' });
    expect(seen!.headers).toMatchObject({ authorization: 'Bearer secret-token', 'content-type': 'application/json', host: 'manager.test' });
  });

  test('goes to {name}_{version} when a version is given', async () => {
    await callService('dice', 'roll', { sides: 6 }, { env, version: '1.0.0' });
    expect(manager.seen.map((seen) => seen.url)).toStrictEqual(['/services/dice_1.0.0/roll']);
  });

  test('reaches a service named like a built-in route', async () => {
    await callService('docs', 'search', {}, { env });
    expect(manager.seen.map((seen) => seen.url)).toStrictEqual(['/services/docs/search']);
  });

  test('keeps a path prefix of the manager URL', async () => {
    await callService('dice', 'roll', {}, { env: { ...env, MVI_MANAGER_URL: `${manager.url}/mvi/` } });
    expect(manager.seen.map((seen) => seen.url)).toStrictEqual(['/mvi/services/dice/roll']);
  });

  test('sends GET arguments as query parameters, without a body', async () => {
    const args = { limit: 3, who: 'Bob', faces: [6], filter: { odd: true }, skip: undefined, none: null, fair: true };
    await callService('dice', 'history', args, { env, method: 'GET' });
    const [seen] = manager.seen;
    expect(seen!.method).toBe('GET');
    expect(seen!.body).toBe('');
    const url = new URL(seen!.url, manager.url);
    expect(url.pathname).toBe('/services/dice/history');
    expect([...url.searchParams]).toStrictEqual([
      ['limit', '3'], ['who', 'Bob'], ['faces', '[6]'], ['filter', '{"odd":true}'], ['none', 'null'], ['fair', 'true'],
    ]);
  });

  test('sends {} when called without arguments, and takes methods in any case', async () => {
    await callService('dice', 'reset', undefined, { env, method: 'delete' as 'DELETE' });
    expect(manager.seen[0]).toMatchObject({ method: 'DELETE', body: '{}' });
  });

  test('resolves to text and empty answers as they are', async () => {
    manager.reply((_, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('OK'));
    await expect(callService('dice', 'ping', {}, { env })).resolves.toBe('OK');
    manager.reply((_, response) => response.writeHead(204).end());
    await expect(callService('dice', 'ping', {}, { env })).resolves.toBeUndefined();
  });

  test('adds per-call headers over the defaults', async () => {
    await callService('dice', 'roll', {}, { env, headers: { 'X-Request-Id': 'r-1', 'content-type': 'application/json; charset=utf-8' } });
    expect(manager.seen[0]!.headers).toMatchObject({ 'x-request-id': 'r-1', 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer secret-token' });
  });

  test('sends no Authorization while no token is set', async () => {
    await callService('dice', 'roll', {}, { env: { MVI_MANAGER_URL: manager.url } });
    expect(manager.seen[0]!.headers.authorization).toBeUndefined();
  });
});

describe('bad calls fail before any request', () => {
  test.each([
    ['an unknown method', () => callService('dice', 'roll', {}, { env, method: 'TRACE' as 'GET' })],
    ['a service name that is not a URL segment', () => callService('../admin', 'roll', {}, { env })],
    ['an entrypoint name that is not a URL segment', () => callService('dice', 'a/b', {}, { env })],
    ['an entrypoint name of a built-in route', () => callService('dice', 'openapi.json', {}, { env })],
    ['a service name of the manager\'s own routes', () => callService('~logs', 'roll', {}, { env })],
    ['an empty version', () => callService('dice', 'roll', {}, { env, version: '' })],
    ['GET arguments that are not an object', () => callService('dice', 'roll', [1, 2], { env, method: 'GET' })],
    ['a negative retry count', () => callService('dice', 'roll', {}, { env, retry: -1 })],
    ['a zero timeout', () => callService('dice', 'roll', {}, { env, timeout: 0 })],
    ['arguments that are not JSON', () => callService('dice', 'roll', { big: 1n }, { env })],
  ])('%s is a TypeError', async (_, call) => {
    await expect(call()).rejects.toThrow(TypeError);
    expect(manager.seen).toStrictEqual([]);
  });
});

describe('failures', () => {
  test("a 422 from the callee surfaces with the callee's detail, status and URL", async () => {
    const detail = [{ loc: ['body', 'sides'], msg: 'Invalid type: Expected number but received "six"', type: 'number' }];
    manager.reply((_, response) => json(response, 422, { detail }));
    const error = await rejection(callService('dice', 'roll', { sides: 'six' }, { env, version: '1.0.0' }));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ServiceCallError');
    expect(error.status).toBe(422);
    expect(error.data).toStrictEqual({ detail });
    expect(error.url).toBe(`${manager.url}/services/dice_1.0.0/roll`);
    expect(error.method).toBe('POST');
    expect(error.message).toContain('answered 422');
    expect(error.message).toContain('Expected number');
  });

  test('a GET failure names the URL without the arguments in its message', async () => {
    manager.reply((_, response) => json(response, 404, { detail: 'Not Found' }));
    const error = await rejection(callService('dice', 'history', { secret: 'hunter2' }, { env, method: 'GET' }));
    expect(error.url).toBe(`${manager.url}/services/dice/history`);
    expect(error.message).toBe(`GET ${manager.url}/services/dice/history answered 404: Not Found`);
  });

  test('a failed GET logs none of its arguments, causes included', async () => {
    const error = await rejection(callService('users', 'lookup', { ssn: '123-45-6789' }, { env: { ...env, MVI_MANAGER_URL: await closedUrl() }, method: 'GET' }));
    expect(inspect(error, { depth: 10 })).not.toContain('123-45-6789');
  });

  test('an unreachable manager rejects without a status', async () => {
    const error = await rejection(callService('dice', 'roll', {}, { env: { ...env, MVI_MANAGER_URL: await closedUrl() } }));
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(/failed: connect ECONNREFUSED/);
  });

  test('an answer slower than the timeout rejects', async () => {
    manager.reply(() => {});
    const error = await rejection(callService('dice', 'roll', {}, { env, timeout: 100 }));
    expect(error.status).toBeUndefined();
    expect(error.message).toContain('timed out after 100 ms');
  });

  test("the caller's signal aborts the call with its own reason", async () => {
    const controller = new AbortController();
    const reason = new Error('request cancelled');
    manager.reply(() => controller.abort(reason));
    await expect(callService('dice', 'roll', {}, { env, signal: controller.signal, retry: 3, method: 'GET' })).rejects.toBe(reason);
    expect(manager.seen).toHaveLength(1);
  });

  test("the caller's signal also ends the wait between attempts", async () => {
    const controller = new AbortController();
    const reason = new Error('shutting down');
    manager.reply((_, response) => json(response, 503, { detail: 'starting' }));
    captured.restore();
    // The retry is logged just before the wait begins: abort then, so the wait itself must end.
    captured = captureLogs(4, (entry) => String(entry.args[0]).startsWith('Retrying') && controller.abort(reason));
    await expect(callService('dice', 'roll', {}, { env, method: 'GET', signal: controller.signal, retry: 1, retryDelay: 600_000 })).rejects.toBe(reason);
    expect(manager.seen).toHaveLength(1);
  });

  test('isServiceCallError tells call failures from other errors', () => {
    expect(isServiceCallError(new Error('x'))).toBe(false);
    expect(isServiceCallError({ status: 500 })).toBe(false);
    expect(isServiceCallError(null)).toBe(false);
  });
});

describe('retries', () => {
  function failing(times: number, status: number) {
    manager.reply((_, response) => (manager.seen.length <= times ? json(response, status, { detail: 'busy' }) : json(response, 200, 'done')));
  }

  test('repeat a GET after transient answers until it succeeds', async () => {
    failing(2, 503);
    await expect(callService('dice', 'roll', {}, { env, method: 'GET', retry: 2 })).resolves.toBe('done');
    expect(manager.seen).toHaveLength(3);
  });

  test('give up after the last attempt with the last answer', async () => {
    failing(5, 429);
    const error = await rejection(callService('dice', 'roll', {}, { env, method: 'PUT', retry: 2 }));
    expect(error.status).toBe(429);
    expect(manager.seen).toHaveLength(3);
  });

  test('never repeat a POST that the service answered', async () => {
    failing(1, 503);
    const error = await rejection(callService('dice', 'roll', {}, { env, retry: 2 }));
    expect(error.status).toBe(503);
    expect(manager.seen).toHaveLength(1);
  });

  test('never repeat an answer that says no (500, 4xx)', async () => {
    failing(1, 500);
    await rejection(callService('dice', 'roll', {}, { env, method: 'GET', retry: 2 }));
    expect(manager.seen).toHaveLength(1);
    failing(1, 422);
    await rejection(callService('dice', 'roll', {}, { env, method: 'GET', retry: 2 }));
    expect(manager.seen).toHaveLength(1);
  });

  test('each attempt gets its own timeout, so a repeat reaches the server', async () => {
    manager.reply((_, response) => (manager.seen.length === 1 ? undefined : json(response, 200, 'late but fine')));
    await expect(callService('dice', 'roll', {}, { env, method: 'GET', timeout: 1_000, retry: 1 })).resolves.toBe('late but fine');
    expect(manager.seen).toHaveLength(2);
  });

  test('a POST that timed out is not repeated: it may have run', async () => {
    manager.reply(() => {});
    await rejection(callService('dice', 'roll', {}, { env, timeout: 100, retry: 2 }));
    expect(manager.seen).toHaveLength(1);
  });

  test('a cut connection is repeated for GET, not for POST', async () => {
    manager.reply((_, response) => response.socket?.destroy());
    await rejection(callService('dice', 'roll', {}, { env, retry: 2 }));
    expect(manager.seen).toHaveLength(1);
    manager.reply((_, response) => response.socket?.destroy());
    await rejection(callService('dice', 'roll', {}, { env, method: 'GET', retry: 2 }));
    expect(manager.seen).toHaveLength(3);
  });

  test('a POST that could not connect is repeated', async () => {
    captured.restore();
    captured = captureLogs(4);
    const error = await rejection(callService('dice', 'roll', {}, { env: { ...env, MVI_MANAGER_URL: await closedUrl() }, retry: 2 }));
    expect(error.message).toContain('ECONNREFUSED');
    expect(captured.texts().filter((text) => text.startsWith('Retrying POST dice/roll'))).toHaveLength(2);
  });
});

describe('logging', () => {
  test('shows the arguments only at debug level', async () => {
    await callService('dice', 'roll', { secret: 'hunter2' }, { env });
    expect(captured.texts().join('\n')).not.toContain('hunter2');
    captured.restore();
    captured = captureLogs(4);
    await callService('dice', 'roll', { secret: 'hunter2' }, { env });
    expect(captured.logs.map((entry) => [entry.type, entry.tag])).toStrictEqual([['debug', 'mvi']]);
    expect(captured.texts()[0]).toContain('hunter2');
  });
});

describe('createServiceCaller', () => {
  test('applies its defaults under each call', async () => {
    const caller = createServiceCaller({ env, version: '1.0.0', method: 'GET', headers: { 'x-team': 'a' } });
    await caller({ service: 'dice', entrypoint: 'roll', args: { sides: 6 }, headers: { 'x-call': 'b' } });
    await caller({ service: 'dice', entrypoint: 'roll', version: '2.0.0', method: 'POST', args: { sides: 6 } });
    expect(manager.seen.map((seen) => `${seen.method} ${seen.url}`)).toStrictEqual([
      'GET /services/dice_1.0.0/roll?sides=6',
      'POST /services/dice_2.0.0/roll',
    ]);
    expect(manager.seen[0]!.headers).toMatchObject({ 'x-team': 'a', 'x-call': 'b' });
  });

  test('reads its env at each call', async () => {
    const mutable: Record<string, string> = { ...env, MVI_MANAGER_URL: await closedUrl() };
    const caller = createServiceCaller({ env: mutable });
    await rejection(caller({ service: 'dice', entrypoint: 'roll' }));
    mutable.MVI_MANAGER_URL = manager.url;
    await expect(caller({ service: 'dice', entrypoint: 'roll' })).resolves.toBe(4);
  });
});
