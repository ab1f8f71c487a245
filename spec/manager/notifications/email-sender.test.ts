import { createServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openManagerDb, type ManagerDb } from '../../../lib/manager/manager-db.ts';
import { createNotifications, type NotificationsOptions } from '../../../lib/manager/notifications/create-notifications.ts';
import type { Notifications } from '../../../lib/manager/types.ts';
import { capturingLogger } from '../../utilities/_capture-logs.ts';
import { makeCertificate, startSmtpServer, type TestCertificate, type TestSmtpServer } from './_smtp-server.ts';
import { payload as validPayload } from './_payload.ts';
import { notificationsApp } from './_test-auth.ts';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
const PASSWORD = 's3cr:t/pa%ss';
const USER = 'mvi@example.com';
const credentials = `${encodeURIComponent(USER)}:${encodeURIComponent(PASSWORD)}`;

// With recipients and a timer, so that each test is about e-mail.
const payload = (fields: Record<string, unknown> = {}) => validPayload({ emails: ['ops@example.com', 'oncall@example.com'], timer: 60, ...fields });

let certificate: TestCertificate;
let db: ManagerDb;
beforeAll(async () => {
  certificate = await makeCertificate();
  db = await openManagerDb();
});
afterAll(() => db.close());

const servers: TestSmtpServer[] = [];
const opened: Notifications[] = [];
afterEach(async () => {
  for (const n of opened.splice(0)) await n.close();
  for (const s of servers.splice(0)) await s.close();
  await db.pg.exec('DROP TABLE IF EXISTS mvi_manager_notifications');
});

async function smtp(options: Parameters<typeof startSmtpServer>[1] = {}) {
  const server = await startSmtpServer(certificate, options);
  servers.push(server);
  return server;
}

async function open(smtpUrl: string | undefined, options: Partial<NotificationsOptions> = {}) {
  let now = T0;
  const { logger, lines } = capturingLogger();
  const notifications = await createNotifications({
    db,
    smtpUrl,
    tls: { ca: certificate.cert },
    hostname: 'manager.example.com',
    clock: { now: () => now },
    env: {},
    logger,
    ...options,
  });
  opened.push(notifications);
  const { call } = notificationsApp(notifications);
  const managerNotices = async () => ((await call('GET')).body as { service_name: string; msg: string }[]).filter((e) => e.service_name === 'manager');
  return { notifications, call, lines, managerNotices, advance: (ms: number) => (now += ms) };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('e-mail through SMTP', () => {
  it('sends over STARTTLS (smtp://) with the login of the URL: subject, recipients, text and escaped HTML', async () => {
    const server = await smtp();
    const { call } = await open(`smtp://${credentials}@localhost:${server.port}`, { from: 'alerts@example.com' });
    const msg = 'Temperature <b>above</b> 90 & "rising"\nsecond line';
    expect(await call('POST', { role: 'service', body: payload({ msg }) })).toMatchObject({ status: 200, body: 'Notification added' });
    await server.received(1);
    const [mail] = server.mails;
    expect(mail).toMatchObject({ secure: true, user: USER, to: ['ops@example.com', 'oncall@example.com'] });
    expect(server.logins).toEqual([`${USER}:${PASSWORD}`]);
    expect(mail!.headers.from).toBe('alerts@example.com');
    expect(mail!.subject).toBe('mvi WARNING: sensor 1.0.0: Temperature <b>above</b> 90 & "rising" second line');
    expect(mail!.text).toContain(msg);
    expect(mail!.text).toMatch(/Severity: +WARNING/);
    expect(mail!.text).toMatch(/Service: +sensor 1\.0\.0/);
    expect(mail!.text).toMatch(/Time: +2026-03-01T12:00:00\.000Z/);
    expect(mail!.text).toMatch(/Manager: +manager\.example\.com/);
    expect(mail!.html).toContain('Temperature &lt;b&gt;above&lt;/b&gt; 90 &amp; &quot;rising&quot;<br>\nsecond line');
    expect(mail!.html).not.toContain('<b>');
    expect(mail!.html).toContain('manager.example.com');
  });

  it('sends over implicit TLS (smtps://)', async () => {
    const server = await smtp({ secure: true });
    const { call } = await open(`smtps://${credentials}@127.0.0.1:${server.port}`);
    await call('POST', { body: payload({ severity: 2, msg: 'x'.repeat(200) }) });
    await server.received(1);
    expect(server.mails[0]).toMatchObject({ secure: true, user: USER });
    // The subject shortens a long message; the body keeps all of it.
    expect(server.mails[0]!.subject).toBe(`mvi CRITICAL: sensor 1.0.0: ${'x'.repeat(79)}…`);
    expect(server.mails[0]!.text).toContain('x'.repeat(200));
    // Without MVI_SMTP_FROM the sender is the login, when it is an address.
    expect(server.mails[0]!.headers.from).toBe(USER);
  });

  it('holds a repeat back for the timer, always counting it, and sends again once the timer ran out', async () => {
    const server = await smtp();
    const { call, notifications, advance } = await open(`smtp://${credentials}@localhost:${server.port}`);
    await call('POST', { body: payload() });
    await server.received(1);
    advance(30_000);
    await call('POST', { body: payload() });
    expect((await call('GET')).body).toMatchObject([{ counter: 2, frozen_until: '2026-03-01T12:01:00.000Z' }]);
    advance(30_001);
    await call('POST', { body: payload() });
    await server.received(2);
    expect((await call('GET')).body).toMatchObject([{ counter: 3, frozen_until: '2026-03-01T12:02:00.001Z' }]);
    expect(server.mails[1]!.text).toMatch(/Seen: +3 times since 2026-03-01T12:00:00\.000Z/);
    // close() waits for e-mails under way: had the held one been sent, there would be three.
    await notifications.close();
    expect(server.mails).toHaveLength(2);
  });

  it('sends every repeat when the timer is 0', async () => {
    const server = await smtp();
    const { call, notifications } = await open(`smtp://${credentials}@localhost:${server.port}`);
    for (let i = 0; i < 3; i++) await call('POST', { body: payload({ timer: 0 }) });
    await notifications.close();
    expect(server.mails).toHaveLength(3);
  });

  it('answers the POST while the e-mail is still under way', async () => {
    let arrived = () => {};
    let release = () => {};
    const inServer = new Promise<void>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    // This server takes the whole message but acknowledges it only when released.
    const server = await smtp({
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => {
          arrived();
          void released.then(() => callback());
        });
      },
    });
    const { call, notifications, managerNotices } = await open(`smtp://${credentials}@localhost:${server.port}`);
    // Were the POST waiting for the e-mail, it could never answer before the release below.
    expect(await call('POST', { body: payload() })).toMatchObject({ status: 200, body: 'Notification added' });
    await inServer;
    release();
    await notifications.close();
    expect(await managerNotices()).toEqual([]);
  });
});

describe('a failed e-mail', () => {
  it('never fails the POST and becomes a WARNING of the manager, without the password (server refuses the login)', async () => {
    const server = await smtp({
      onAuth(auth, _session, callback) {
        // A server that echoes what it was sent: the password must still not show.
        callback(new Error(`Authentication failed for ${auth.username} with ${auth.password}`));
      },
    });
    const { call, lines, managerNotices } = await open(`smtp://${credentials}@localhost:${server.port}`, { version: '0.1.0' });
    expect(await call('POST', { body: payload() })).toMatchObject({ status: 200, body: 'Notification added' });
    await vi.waitFor(async () => expect(await managerNotices()).toHaveLength(1), { timeout: 10_000 });
    const [entry] = (await call('GET')).body as Record<string, unknown>[];
    expect(entry).toMatchObject({
      service_name: 'manager',
      service_version: '0.1.0',
      severity: 1,
      dashboard: true,
      emails: null,
      msg: expect.stringMatching(/^E-mail "mvi WARNING: sensor 1\.0\.0: Temperature above 90" to ops@example\.com, oncall@example\.com could not be sent: .*535/),
    });
    const everything = JSON.stringify([await call('GET'), lines]);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(encodeURIComponent(PASSWORD));
    expect(lines.some((line) => line.includes('could not be sent'))).toBe(true);
    expect(server.mails).toEqual([]);
  });

  it('becomes a manager notification when the server is down', async () => {
    const port = await closedPort();
    const { call, managerNotices } = await open(`smtps://${credentials}@127.0.0.1:${port}`);
    expect((await call('POST', { body: payload() })).status).toBe(200);
    await vi.waitFor(async () => expect(await managerNotices()).toMatchObject([{ msg: expect.stringContaining('ECONNREFUSED') }]), { timeout: 10_000 });
  });

  it('is not sent in clear text when an smtp:// server offers no STARTTLS', async () => {
    const server = await smtp({ disabledCommands: ['STARTTLS'] });
    const { call, managerNotices } = await open(`smtp://${credentials}@localhost:${server.port}`);
    await call('POST', { body: payload() });
    await vi.waitFor(async () => expect(await managerNotices()).toMatchObject([{ msg: expect.stringContaining('STARTTLS') }]), { timeout: 10_000 });
    expect(server.logins).toEqual([]);
    expect(server.mails).toEqual([]);
  });

  it('is not sent to a server whose certificate is not trusted', async () => {
    const server = await smtp({ secure: true });
    const { call, managerNotices } = await open(`smtps://${credentials}@localhost:${server.port}`, { tls: {} });
    await call('POST', { body: payload() });
    await vi.waitFor(async () => expect(await managerNotices()).toMatchObject([{ msg: expect.stringContaining('certificate') }]), { timeout: 10_000 });
    expect(server.logins).toEqual([]);
  });

  it('counts repeats of the same failure in one manager notification', async () => {
    const port = await closedPort();
    const { call, notifications } = await open(`smtps://${credentials}@127.0.0.1:${port}`);
    await call('POST', { body: payload({ timer: 0 }) });
    await call('POST', { body: payload({ timer: 0 }) });
    await notifications.close();
    const list = (await call('GET')).body as { service_name: string; counter: number }[];
    expect(list.map((e) => [e.service_name, e.counter]).sort()).toEqual([['manager', 2], ['sensor', 2]]);
  });
});

describe('the SMTP URL', () => {
  it('is logged without its password', async () => {
    const server = await smtp();
    const { lines } = await open(`smtp://${credentials}@localhost:${server.port}`);
    expect(lines.join('\n')).toContain(`smtp://${encodeURIComponent(USER)}:***@localhost:${server.port}`);
    expect(lines.join('\n')).not.toContain(encodeURIComponent(PASSWORD));
  });

  it('is read from MVI_SMTP_URL, and the sender from MVI_SMTP_FROM', async () => {
    const server = await smtp();
    const { call, notifications } = await open(undefined, {
      env: { MVI_SMTP_URL: `smtp://${credentials}@localhost:${server.port}`, MVI_SMTP_FROM: 'mvi-alerts@example.com' },
    });
    await call('POST', { body: payload() });
    await notifications.close();
    expect(server.mails.map((m) => m.headers.from)).toEqual(['mvi-alerts@example.com']);
  });

  it('refuses to start with a URL of another scheme, naming the variable but not the password', async () => {
    const failure = createNotifications({ db, env: { MVI_SMTP_URL: `http://${credentials}@localhost:25` } });
    await expect(failure).rejects.toThrow(/^MVI_SMTP_URL must start with smtp:\/\/ or smtps:\/\//);
    await expect(failure).rejects.not.toThrow(encodeURIComponent(PASSWORD));
    await expect(createNotifications({ db, env: { MVI_SMTP_URL: `not a url ${PASSWORD}` } })).rejects.toThrow(/^MVI_SMTP_URL is not a URL, e\.g\. smtp:/);
  });
});
