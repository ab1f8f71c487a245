import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openManagerDb, type ManagerDb } from '../../../lib/manager/manager-db.ts';
import { createNotifications, type NotificationsOptions } from '../../../lib/manager/notifications/create-notifications.ts';
import type { Notifications } from '../../../lib/manager/types.ts';
import { payload } from './_payload.ts';
import { notificationsApp } from './_test-auth.ts';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
let now = T0;
const clock = { now: () => now };


// One database in memory for the tests that need no folder (opening one takes a few 100 ms),
// emptied after each test.
let memory: ManagerDb;
beforeAll(async () => {
  memory = await openManagerDb();
});
afterAll(() => memory.close());

const opened: { db: ManagerDb; notifications: Notifications }[] = [];
async function open(options: Partial<NotificationsOptions> & { dir?: string } = {}) {
  const db = options.dir ? await openManagerDb(options.dir) : memory;
  const notifications = await createNotifications({ db, clock, env: {}, ...options });
  opened.push({ db, notifications });
  return { db, notifications, ...notificationsApp(notifications) };
}
async function closeAll() {
  for (const { db, notifications } of opened.splice(0).reverse()) {
    await notifications.close();
    if (db !== memory) await db.close();
  }
  await memory.pg.exec('DROP TABLE IF EXISTS mvi_manager_notifications');
}

beforeEach(() => {
  now = T0;
});
afterEach(closeAll);

describe('POST / GET / DELETE /notifications/', () => {
  it('adds a notification and lists it with its counter, times and fields; extra fields are dropped', async () => {
    const { call } = await open();
    const added = await call('POST', { role: 'service', body: { ...payload(), extra: 'ignored' } });
    expect(added).toMatchObject({ status: 200, body: 'Notification added' });
    const listed = await call('GET');
    expect(listed.status).toBe(200);
    expect(listed.body).toStrictEqual([
      {
        // The same in every process and after every restart (sha256 of the identifying fields).
        id: '345248a5b4cc69ed0145e7357c8f9fdcb9d5d60bc1eafbc781d3eb13f848bda2',
        service_name: 'sensor',
        service_version: '1.0.0',
        msg: 'Temperature above 90',
        severity: 1,
        dashboard: true,
        emails: null,
        timer: 0,
        timestamp: '2026-03-01 12:00:00.000000',
        counter: 1,
        first_seen: '2026-03-01T12:00:00.000Z',
        last_seen: '2026-03-01T12:00:00.000Z',
        frozen_until: null,
      },
    ]);
  });

  it('counts a repeat in the same entry, keeping the first time and taking the last time, timestamp and recipients', async () => {
    const { call } = await open();
    await call('POST', { body: payload({ emails: ['a@example.com'] }) });
    now = T0 + 5_000;
    await call('POST', { body: payload({ emails: ['b@example.com'], timestamp: 'later' }) });
    expect(((await call('GET')).body as unknown[])[0]).toMatchObject({ counter: 2, emails: ['b@example.com'], timestamp: 'later' });
    now = T0 + 9_000;
    await call('POST', { body: payload({ emails: undefined, timestamp: 'last' }) });
    const [entry, ...rest] = (await call('GET')).body as Record<string, unknown>[];
    expect(rest.filter((e) => e.service_name !== 'manager')).toEqual([]);
    expect(entry).toMatchObject({
      counter: 3,
      first_seen: '2026-03-01T12:00:00.000Z',
      last_seen: '2026-03-01T12:00:09.000Z',
      timestamp: 'last',
      emails: null,
    });
  });

  it('keeps apart notifications that differ in service, version, message, severity, dashboard or timer', async () => {
    const { call } = await open();
    const variants = [{}, { service_name: 'other' }, { service_version: '1.0.1' }, { msg: 'x' }, { severity: 2 }, { dashboard: false }, { timer: 5 }];
    for (const [i, fields] of variants.entries()) {
      now = T0 + i * 1000;
      await call('POST', { body: payload(fields) });
    }
    const list = (await call('GET')).body as { counter: number; last_seen: string }[];
    expect(list).toHaveLength(variants.length);
    expect(list.every((e) => e.counter === 1)).toBe(true);
    // The last seen comes first.
    expect(list.map((e) => e.last_seen)).toEqual(variants.map((_, i) => new Date(T0 + i * 1000).toISOString()).reverse());
  });

  it('orders by the last time seen, so a repeat moves its entry to the top', async () => {
    const { call } = await open();
    await call('POST', { body: payload({ msg: 'first' }) });
    now += 1000;
    await call('POST', { body: payload({ msg: 'second' }) });
    now += 1000;
    await call('POST', { body: payload({ msg: 'first' }) });
    expect(((await call('GET')).body as { msg: string }[]).map((e) => e.msg)).toEqual(['first', 'second']);
  });

  it('reads a negative timer as 0: the same notification as timer 0', async () => {
    const { call } = await open();
    await call('POST', { body: payload({ timer: -5 }) });
    await call('POST', { body: payload({ timer: 0 }) });
    expect((await call('GET')).body).toMatchObject([{ timer: 0, counter: 2 }]);
  });

  it('clears the list with DELETE', async () => {
    const { call } = await open();
    await call('POST', { body: payload() });
    expect(await call('DELETE')).toMatchObject({ status: 200, body: null });
    expect((await call('GET')).body).toEqual([]);
  });

  it('answers 422 in the services\' detail shape for a missing or wrong field, and for malformed JSON', async () => {
    const { call } = await open();
    const { msg: _, ...noMsg } = payload();
    expect(await call('POST', { body: noMsg })).toMatchObject({
      status: 422,
      body: { detail: [{ loc: ['body', 'msg'], msg: 'Field required', type: 'missing' }] },
    });
    const wrong = await call('POST', { body: payload({ severity: 3, dashboard: 'yes', emails: ['not an address'], timer: 'soon' }) });
    expect(wrong.status).toBe(422);
    expect((wrong.body as { detail: { loc: unknown[] }[] }).detail.map((d) => d.loc)).toEqual([
      ['body', 'severity'],
      ['body', 'dashboard'],
      ['body', 'emails', 0],
      ['body', 'timer'],
    ]);
    expect(await call('POST', { raw: '{"msg": ' })).toMatchObject({ status: 422, body: { detail: [{ loc: ['body'], type: 'json_invalid' }] } });
    expect(await call('POST', { body: 'a string' })).toMatchObject({ status: 422, body: { detail: [{ loc: ['body'], type: 'object' }] } });
    expect((await call('GET')).body).toEqual([]);
  });

  it('refuses with 422 what the database could not keep or a timer beyond ten years', async () => {
    const { call } = await open();
    expect(await call('POST', { body: payload({ msg: 'a\0b' }) })).toMatchObject({ status: 422, body: { detail: [{ loc: ['body', 'msg'] }] } });
    expect(await call('POST', { body: payload({ timer: 1e300 }) })).toMatchObject({ status: 422, body: { detail: [{ loc: ['body', 'timer'] }] } });
    expect((await call('GET')).body).toEqual([]);
  });

  it('answers 413 to a body over 64 KiB', async () => {
    const { call } = await open();
    expect(await call('POST', { body: payload({ msg: 'x'.repeat(70_000) }) })).toMatchObject({ status: 413 });
  });

  it('checks roles: services may notify but not read or clear; no token is 401; other methods 405', async () => {
    const { call } = await open();
    expect((await call('POST', { role: 'user', body: payload() })).status).toBe(200);
    expect((await call('POST', { role: 'service', body: payload() })).status).toBe(200);
    expect(await call('POST', { role: null, body: payload() })).toMatchObject({ status: 401, body: { detail: 'Not authenticated' } });
    expect((await call('GET', { role: 'service' })).status).toBe(403);
    expect((await call('DELETE', { role: 'service' })).status).toBe(403);
    expect((await call('GET', { role: null })).status).toBe(401);
    expect((await call('GET', { role: 'user' })).body).toMatchObject([{ counter: 2 }]);
    expect((await call('DELETE', { role: 'user' })).status).toBe(200);
    const put = await call('PUT', { body: payload() });
    expect(put).toMatchObject({ status: 405 });
    expect(put.headers.get('allow')).toBe('POST, GET, DELETE');
  });

  it('answers 503 to a notification that arrives while it closes', async () => {
    const { call, notifications } = await open();
    await notifications.close();
    expect(await call('POST', { body: payload() })).toMatchObject({ status: 503, body: { detail: 'The manager is shutting down' } });
  });

  it('keeps at most maxEntries unique notifications, dropping the least recently seen', async () => {
    const { call } = await open({ maxEntries: 2 });
    for (const msg of ['a', 'b', 'c']) {
      now += 1000;
      await call('POST', { body: payload({ msg }) });
    }
    expect(((await call('GET')).body as { msg: string }[]).map((e) => e.msg)).toEqual(['c', 'b']);
  });
});

describe('without MVI_SMTP_URL', () => {
  it('lists a notification with recipients and records once, as the manager, that e-mail is not configured', async () => {
    const { call } = await open({ version: '0.1.0' });
    await call('POST', { body: payload({ emails: ['ops@example.com'] }) });
    await call('POST', { body: payload({ emails: ['ops@example.com'], msg: 'another' }) });
    await call('POST', { body: payload() });
    const list = (await call('GET')).body as Record<string, unknown>[];
    const manager = list.filter((e) => e.service_name === 'manager');
    expect(manager).toEqual([
      expect.objectContaining({ service_version: '0.1.0', severity: 1, counter: 1, emails: null, msg: expect.stringMatching(/E-mail is not configured.*MVI_SMTP_URL/) }),
    ]);
    expect(list.filter((e) => e.service_name === 'sensor')).toHaveLength(2);
  });
});

describe('in a data folder', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await closeAll();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('keeps notifications across a close and reopen, and counts a repeat after it in the same entry', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mvi-notifications-'));
    dirs.push(dir);
    const first = await open({ dir });
    await first.call('POST', { body: payload() });
    await first.call('POST', { body: payload({ msg: 'other' }) });
    await closeAll();

    now = T0 + 60_000;
    const again = await open({ dir });
    const kept = (await again.call('GET')).body as { msg: string; counter: number }[];
    expect(kept.map((e) => [e.msg, e.counter]).sort()).toEqual([['Temperature above 90', 1], ['other', 1]]);
    await again.call('POST', { body: payload() });
    expect((await again.call('GET')).body).toMatchObject([
      { msg: 'Temperature above 90', counter: 2, first_seen: '2026-03-01T12:00:00.000Z', last_seen: '2026-03-01T12:01:00.000Z' },
      { msg: 'other', counter: 1 },
    ]);
  }, 30_000);
});
