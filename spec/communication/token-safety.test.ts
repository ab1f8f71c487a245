import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { MAX_REDIRECTS } from '../../lib/communication/_send.ts';
import { isServiceCallError } from '../../lib/communication/service-call-error.ts';
import { callService } from '../../lib/communication/service-caller.ts';
import { json, startServer, type TestServer } from './_http-server.ts';

// Two loopback addresses are two hosts: the manager on 127.0.0.1, a stranger on 127.0.0.2.
let manager: TestServer;
let stranger: TestServer;
let env: Record<string, string>;
beforeAll(async () => {
  [manager, stranger] = await Promise.all([startServer('127.0.0.1'), startServer('127.0.0.2')]);
  env = { MVI_MANAGER_URL: manager.url, MVI_MANAGER_HOSTNAME: 'manager.test', MVI_SERVICE_TOKEN: 'secret-token' };
});
afterAll(() => Promise.all([manager.close(), stranger.close()]));

function redirectTo(location: () => string, status = 307) {
  manager.reply((request, response) =>
    request.url.startsWith('/services/') ? response.writeHead(status, { location: location() }).end() : json(response, 200, 'moved here'),
  );
}

beforeEach(() => {
  stranger.reply((_, response) => json(response, 200, 'stranger'));
});

describe('across redirects', () => {
  test('the token does not follow a redirect to an unauthorized host, the call does', async () => {
    redirectTo(() => `${stranger.url}/elsewhere`);
    await expect(callService('dice', 'roll', { sides: 6 }, { env })).resolves.toBe('stranger');
    expect(manager.seen[0]!.headers.authorization).toBe('Bearer secret-token');
    expect(stranger.seen).toHaveLength(1);
    expect(stranger.seen[0]).toMatchObject({ method: 'POST', url: '/elsewhere', body: '{"sides":6}' });
    expect(stranger.seen[0]!.headers.authorization).toBeUndefined();
    // The manager is addressed by its hostname; the stranger by its own.
    expect(manager.seen[0]!.headers.host).toBe('manager.test');
    expect(stranger.seen[0]!.headers.host).toBe(new URL(stranger.url).host);
  });

  test('nor does an Authorization header the caller set itself', async () => {
    redirectTo(() => `${stranger.url}/elsewhere`);
    await callService('dice', 'roll', {}, { env: { MVI_MANAGER_URL: manager.url }, headers: { authorization: 'Bearer mine' } });
    expect(manager.seen[0]!.headers.authorization).toBe('Bearer mine');
    expect(stranger.seen[0]!.headers.authorization).toBeUndefined();
  });

  test('the token follows a redirect within the manager', async () => {
    redirectTo(() => '/moved');
    await expect(callService('dice', 'roll', {}, { env })).resolves.toBe('moved here');
    expect(manager.seen.map((seen) => [seen.url, seen.headers.authorization])).toStrictEqual([
      ['/services/dice/roll', 'Bearer secret-token'],
      ['/moved', 'Bearer secret-token'],
    ]);
  });

  test('the token follows a redirect to the manager hostname, on any port', async () => {
    redirectTo(() => `${stranger.url}/elsewhere`);
    await callService('dice', 'roll', {}, { env: { ...env, MVI_MANAGER_HOSTNAME: '127.0.0.2' } });
    expect(stranger.seen[0]!.headers.authorization).toBe('Bearer secret-token');
  });

  test('a 303 turns the call into a GET without body', async () => {
    redirectTo(() => `${stranger.url}/result`, 303);
    await callService('dice', 'roll', { sides: 6 }, { env });
    expect(stranger.seen[0]).toMatchObject({ method: 'GET', url: '/result', body: '' });
  });

  test(`gives up after ${MAX_REDIRECTS} redirects`, async () => {
    redirectTo(() => '/services/dice/roll', 302);
    const error: unknown = await callService('dice', 'roll', {}, { env, method: 'GET' }).catch((reason: unknown) => reason);
    expect(isServiceCallError(error) && [error.status, error.message]).toStrictEqual([
      302,
      `GET ${manager.url}/services/dice/roll answered 302: gave up after ${MAX_REDIRECTS} redirects`,
    ]);
    expect(manager.seen).toHaveLength(MAX_REDIRECTS + 1);
  });

  test('refuses a redirect out of http(s)', async () => {
    redirectTo(() => 'file:///etc/passwd');
    const error: unknown = await callService('dice', 'roll', {}, { env }).catch((reason: unknown) => reason);
    expect(isServiceCallError(error) && error.message).toContain('not an http(s) URL');
  });
});
