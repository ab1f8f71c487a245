import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { consola } from 'consola';
import { afterAll, expect, it } from 'vitest';
import { createServiceHost } from '../../lib/manager/create-service-host.ts';
import { openManagerDb } from '../../lib/manager/manager-db.ts';
import { freePort } from '../../lib/manager/process/free-port.ts';
import { createRegistry } from '../../lib/manager/registry/registry.ts';
import type { Notification } from '../../lib/protocol/notification.ts';
import type { Auth } from '../../lib/manager/types.ts';

const dir = await mkdtemp(join(tmpdir(), 'mvi-host-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

// The host asks auth for tokens of versions, revocation and the manager's own token; no request reaches it here.
const revoked: string[] = [];
const auth: Auth = {
  enabled: true,
  publicKey: '',
  issueServiceToken: async (name, version) => ({ token: `token-${name}-${version}`, id: `${name}_${version}` }),
  managerToken: async () => 'manager-token',
  revoke: async (id) => void revoked.push(id),
  authenticate: async () => undefined,
  require: () => Promise.reject(new Error('no request reaches the host')),
  check: () => {
    throw new Error('no request reaches the host');
  },
  register: () => {},
};

// The stand-in service (spec/manager/process/_http-child.mjs) as a command.
const child = [process.execPath, join(import.meta.dirname, 'process', '_http-child.mjs')];

// A host on a database of its own, with the test's timing (and notify).
async function startHost(options: Pick<Parameters<typeof createServiceHost>[0], 'timing' | 'notify'>) {
  const db = await openManagerDb();
  const registry = await createRegistry(db.pg);
  const host = createServiceHost({ registry, auth, dataDir: dir, managerUrl: 'http://127.0.0.1:4000', env: { PATH: process.env.PATH }, logger: consola.create({ level: 0 }), ...options });
  return { db, registry, host };
}

it('leaves a version that keeps crashing crashed, records it, revokes nothing yet, and notifies the manager', async () => {
  const notified: Notification[] = [];
  const { db, registry, host } = await startHost({
    timing: { backoff: 20, maxBackoff: 50, crashLimit: 2, crashWindow: 60_000, stopGrace: 1_000 },
    notify: async (notification) => void notified.push(notification),
  });
  try {
    const port = await freePort();
    const deployed = await host.deploy({
      name: 'crashy',
      version: '1.0.0',
      command: child,
      // Long enough to be seen healthy first on a loaded machine (300 ms was missed under load).
      env: { CRASH_AFTER: '1000', PORT: String(port) },
      port,
    });
    expect(deployed).toMatchObject({ name: 'crashy', status: 'running', main: true });
    for (let i = 0; i < 100 && host.list()[0]!.status !== 'crashed'; i++) await sleep(50);
    expect(host.list()[0]).toMatchObject({ status: 'crashed', pid: undefined, restarts: 1 });
    expect(registry.get('crashy', '1.0.0')!.running).toBe(false);
    expect(notified).toEqual([expect.objectContaining({ service_name: 'crashy', service_version: '1.0.0', severity: 2, dashboard: true, msg: expect.stringMatching(/^crashy 1\.0\.0 crashed repeatedly and is left crashed: read its log \(mvi logs crashy 1\.0\.0, or GET /) })]);
    expect(revoked).toEqual([]);
    expect(await host.kill('crashy', '1.0.0')).toEqual(['crashy_1.0.0']);
    expect(revoked).toEqual(['crashy_1.0.0']);
  } finally {
    await host.close();
    await db.close();
  }
}, 30_000);

it('lists a version while its deploy waits for it, refuses to deploy it again meanwhile, and kills it: its deploy answers 409', async () => {
  const { db, host } = await startHost({ timing: { startTimeout: 60_000, stopGrace: 1_000 } });
  try {
    const port = await freePort();
    const request = { name: 'sleeper', version: '1.0.0', command: child, env: { NEVER_LISTEN: '1' }, port };
    const deploying = host.deploy(request);
    const refused = deploying.then(() => undefined, (error: unknown) => error);
    for (let i = 0; i < 100 && host.list()[0]?.pid === undefined; i++) await sleep(20);
    const [listed] = host.list();
    expect(listed).toMatchObject({ name: 'sleeper', version: '1.0.0', main: true, status: 'starting', port, replicas: [{ replica: 0, status: 'starting', port }] });
    const pid = listed!.pid!;
    expect(process.kill(pid, 0)).toBe(true);
    // Reached while it starts: no replica answers yet (the gateway's 503), and its log is there.
    expect(host.route({ name: 'sleeper', version: '1.0.0', prefix: '/services/sleeper_1.0.0', rest: '' })?.target.pick()).toBeUndefined();
    expect(host.log('sleeper', '1.0.0')).toBeDefined();
    await expect(host.deploy(request)).rejects.toMatchObject({ status: 409, body: { detail: 'Version 1.0.0 of sleeper is being deployed: wait for that deploy to answer, or kill it to stop its start' } });
    await expect(host.kill('sleeper', '2.0.0')).rejects.toMatchObject({ status: 404, body: { detail: 'No version 2.0.0 of sleeper (starting: 1.0.0)' } });
    expect(await host.kill('sleeper', '1.0.0')).toEqual(['sleeper_1.0.0']);
    expect(await refused).toMatchObject({ status: 409, body: { detail: 'sleeper 1.0.0 was killed while it started' } });
    expect(() => process.kill(pid, 0)).toThrow();
    expect(host.list()).toEqual([]);
    expect(revoked).toContain('sleeper_1.0.0');
    await expect(host.kill('sleeper', '1.0.0')).rejects.toMatchObject({ status: 404 });
  } finally {
    await host.close();
    await db.close();
  }
}, 30_000);

it('undoes a deploy killed while the registry writes it: no version, no process, its token revoked', async () => {
  const { db, registry, host } = await startHost({ timing: { stopGrace: 1_000 } });
  // The registry's write held until the kill has come.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let writing!: () => void;
  const written = new Promise<void>((resolve) => (writing = resolve));
  const add = registry.add.bind(registry);
  registry.add = async (entry) => {
    writing();
    await held;
    return add(entry);
  };
  try {
    const port = await freePort();
    const deploying = host.deploy({ name: 'late', version: '1.0.0', command: child, env: { PORT: String(port) }, port });
    const refused = deploying.then(() => undefined, (error: unknown) => error);
    await written;
    const pid = host.list()[0]!.pid!;
    expect(await host.kill('late', '1.0.0')).toEqual(['late_1.0.0']);
    release();
    expect(await refused).toMatchObject({ status: 409, body: { detail: 'late 1.0.0 was killed while it started' } });
    expect(registry.get('late', '1.0.0')).toBeUndefined();
    expect(host.list()).toEqual([]);
    expect(() => process.kill(pid, 0)).toThrow();
    expect(revoked).toContain('late_1.0.0');
  } finally {
    await host.close();
    await db.close();
  }
}, 30_000);

it('makes the next version of a name main when the first to begin is killed while it starts: the next one waits its turn, healthy', async () => {
  const { db, registry, host } = await startHost({ timing: { startTimeout: 60_000, stopGrace: 1_000 } });
  try {
    const [held, next] = [await freePort(), await freePort()];
    const refused = host.deploy({ name: 'turns', version: '1.0.0', command: child, env: { NEVER_LISTEN: '1' }, port: held }).then(() => undefined, (error: unknown) => error);
    let answered = false;
    const deploying = host.deploy({ name: 'turns', version: '2.0.0', command: child, env: { PORT: String(next) }, port: next }).finally(() => (answered = true));
    const secondHealthy = () => host.list().find((listed) => listed.version === '2.0.0')?.replicas[0]?.status === 'running';
    for (let i = 0; i < 200 && !secondHealthy(); i++) await sleep(20);
    expect(host.list().map(({ version, main, status }) => ({ version, main, status }))).toEqual([
      { version: '1.0.0', main: true, status: 'starting' },
      { version: '2.0.0', main: false, status: 'starting' },
    ]);
    expect(answered).toBe(false);
    expect(await host.kill('turns', '1.0.0')).toEqual(['turns_1.0.0']);
    expect(await refused).toMatchObject({ status: 409 });
    expect(await deploying).toMatchObject({ version: '2.0.0', main: true, status: 'running' });
    expect(registry.byName('turns')?.main?.version).toBe('2.0.0');
    // What the gateway sends /services/turns to.
    expect(host.route({ name: 'turns', version: undefined, prefix: '/services/turns', rest: '' })?.target.pick()?.origin).toBe(`http://127.0.0.1:${next}`);
    expect(await host.kill('turns', undefined)).toEqual(['turns_2.0.0']);
  } finally {
    await host.close();
    await db.close();
  }
}, 30_000);

it('refuses to kill main while another version of its name starts (403), and kills both with all: that deploy answers 409', async () => {
  const { db, registry, host } = await startHost({ timing: { startTimeout: 60_000, stopGrace: 1_000 } });
  // 2.0.0 listens only once this file is gone: it starts for as long as the test wants.
  const hold = join(dir, 'main-kill-hold');
  await writeFile(hold, '');
  try {
    const [main, starting] = [await freePort(), await freePort()];
    await host.deploy({ name: 'held', version: '1.0.0', command: child, env: { PORT: String(main) }, port: main });
    const refused = host.deploy({ name: 'held', version: '2.0.0', command: child, env: { PORT: String(starting), HOLD_FILE: hold }, port: starting }).then(() => undefined, (error: unknown) => error);
    for (let i = 0; i < 100 && host.list().find((listed) => listed.version === '2.0.0')?.pid === undefined; i++) await sleep(20);
    const pid = host.list().find((listed) => listed.version === '2.0.0')!.pid!;
    await expect(host.kill('held', '1.0.0')).rejects.toMatchObject({
      status: 403,
      body: { detail: 'held 1.0.0 is the main version while shadows start (2.0.0): wait for their deploys to answer and assign another main, or kill all versions (mvi kill held --all, or {"name": "held", "all": true})' },
    });
    expect(registry.byName('held')?.main?.version).toBe('1.0.0');
    expect(host.list().map(({ version, main, status }) => ({ version, main, status }))).toEqual([
      { version: '1.0.0', main: true, status: 'running' },
      { version: '2.0.0', main: false, status: 'starting' },
    ]);
    expect(await host.kill('held', undefined)).toEqual(['held_2.0.0', 'held_1.0.0']);
    expect(await refused).toMatchObject({ status: 409, body: { detail: 'held 2.0.0 was killed while it started' } });
    expect(host.list()).toEqual([]);
    expect(() => process.kill(pid, 0)).toThrow();
  } finally {
    await rm(hold, { force: true });
    await host.close();
    await db.close();
  }
}, 30_000);

it('refuses to kill main while the registry writes another version of its name (403): that one is a shadow of the main still there', async () => {
  const { db, registry, host } = await startHost({ timing: { stopGrace: 1_000 } });
  try {
    const [main, shadow] = [await freePort(), await freePort()];
    await host.deploy({ name: 'writing', version: '1.0.0', command: child, env: { PORT: String(main) }, port: main });
    // The registry's write of 2.0.0 held, once it has decided that 2.0.0 is a shadow, until the kill has come.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let writing!: () => void;
    const written = new Promise<void>((resolve) => (writing = resolve));
    const add = registry.add.bind(registry);
    registry.add = async (entry) => {
      const adding = add(entry);
      writing();
      await held;
      return adding;
    };
    const deploying = host.deploy({ name: 'writing', version: '2.0.0', command: child, env: { PORT: String(shadow) }, port: shadow });
    await written;
    await expect(host.kill('writing', '1.0.0')).rejects.toMatchObject({ status: 403 });
    release();
    expect(await deploying).toMatchObject({ version: '2.0.0', main: false, status: 'running' });
    expect(registry.byName('writing')?.main?.version).toBe('1.0.0');
    expect(await host.kill('writing', undefined)).toEqual(['writing_1.0.0', 'writing_2.0.0']);
  } finally {
    await host.close();
    await db.close();
  }
}, 30_000);
