import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { notify, postNotification, toNotification } from '../../lib/communication/notify.ts';
import { isServiceCallError } from '../../lib/communication/service-call-error.ts';
import { Severity } from '../../lib/protocol/severity.ts';
import type { Notification } from '../../lib/communication/types.ts';
import { closedUrl, json, startServer, type TestServer } from './_http-server.ts';

let manager: TestServer;
let env: Record<string, string>;
beforeAll(async () => {
  manager = await startServer();
  env = {
    MVI_MANAGER_URL: manager.url,
    MVI_SERVICE_TOKEN: 'secret-token',
    MVI_SERVICE_NAME: 'yatzy',
    MVI_SERVICE_VERSION: '2.0.0',
  };
});
afterAll(() => manager.close());
beforeEach(() => manager.reply((_, response) => json(response, 200, 'Notification added')));

function posted(): Record<string, unknown> {
  expect(manager.seen).toHaveLength(1);
  return JSON.parse(manager.seen[0]!.body) as Record<string, unknown>;
}

describe('notify', () => {
  test('posts the 8-field payload to {manager}/notifications/ with the token', async () => {
    await notify('Die is loaded', Severity.CRITICAL, { env, dashboard: false, emails: ['ops@example.com'], timer: 600 });
    const [seen] = manager.seen;
    expect(seen).toMatchObject({ method: 'POST', url: '/notifications/' });
    expect(seen!.headers).toMatchObject({ authorization: 'Bearer secret-token', 'content-type': 'application/json' });
    const payload = posted();
    expect(payload).toStrictEqual({
      service_name: 'yatzy',
      service_version: '2.0.0',
      msg: 'Die is loaded',
      severity: 2,
      dashboard: false,
      emails: ['ops@example.com'],
      timer: 600,
      timestamp: expect.any(String),
    });
    const timestamp = payload.timestamp as string;
    expect(timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(new Date(timestamp).toISOString()).toBe(timestamp);
  });

  test('defaults to the dashboard, no e-mails, no timer and INFO', async () => {
    await notify('Rolled a six', undefined, { env });
    expect(posted()).toMatchObject({ severity: 0, dashboard: true, emails: null, timer: 0 });
  });

  test.each([-5, Number.NaN, Number.NEGATIVE_INFINITY])('sends a timer of %d as 0', async (timer) => {
    await notify('x', Severity.WARNING, { env, timer });
    expect(posted()).toMatchObject({ severity: 1, timer: 0 });
  });

  test('rejects, naming the URL, when the manager cannot be reached', async () => {
    const url = await closedUrl();
    const error: unknown = await notify('x', Severity.INFO, { env: { ...env, MVI_MANAGER_URL: url } }).catch((reason: unknown) => reason);
    expect(isServiceCallError(error)).toBe(true);
    expect(isServiceCallError(error) && [error.status, error.message]).toStrictEqual([
      undefined,
      `POST ${url}/notifications/ failed: connect ECONNREFUSED ${url.slice('http://'.length)}`,
    ]);
  });

  test('rejects with the status when the manager refuses it', async () => {
    manager.reply((_, response) => json(response, 401, { detail: 'Not authenticated' }));
    const error: unknown = await notify('x', Severity.INFO, { env }).catch((reason: unknown) => reason);
    expect(isServiceCallError(error) && [error.status, error.data]).toStrictEqual([401, { detail: 'Not authenticated' }]);
  });

  test('refuses an unknown severity before sending anything', async () => {
    await expect(notify('x', 3 as Severity, { env })).rejects.toThrow(/Unknown severity 3/);
    expect(manager.seen).toStrictEqual([]);
  });
});

describe('postNotification', () => {
  test('posts a ready payload unchanged', async () => {
    const payload: Notification = toNotification('Done', Severity.INFO, { timer: 5 }, { name: 'dice', version: '1.0.0' }, new Date(Date.UTC(2026, 0, 2, 3, 4, 5)));
    await postNotification(payload, env);
    expect(posted()).toStrictEqual({
      service_name: 'dice',
      service_version: '1.0.0',
      msg: 'Done',
      severity: 0,
      dashboard: true,
      emails: null,
      timer: 5,
      timestamp: '2026-01-02T03:04:05.000Z',
    });
  });
});
