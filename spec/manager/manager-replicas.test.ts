import { readFile, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveManager, type RunningManager } from 'mvi/manager';
import { ENV_NAMES } from '../../lib/protocol/env-names.ts';
import type { ReplicaRecord, ServiceRecord } from '../../lib/manager/types.ts';
import { alive, client, login, managerDataDir, managerEnv, repo } from './_manager-client.ts';

// One manager with real processes: a version run as three replicas, the gateway's rotation over
// them while one is killed and one stops answering, and a shadow with replicas of its own. No
// database is given here: each replica keeps its own embedded store (the database's way is in
// manager-replicas-restore.test.ts).
const SERVICE = repo('spec/manager/_replica-service.ts');
let manager: RunningManager;
let dataDir: string;
let api: ReturnType<typeof client>;
let admin: string;
const pids = new Set<number>();
const stopped = new Set<number>();

beforeAll(async () => {
  dataDir = await managerDataDir();
  manager = await serveManager({ port: 0, dataDir, handleSignals: false, env: { ...managerEnv, MVI_DATABASE_URL: undefined }, stopTimeout: 3_000, healthInterval: 200 });
  api = client(manager.url);
  admin = await login(manager.url);
}, 30_000);

afterAll(async () => {
  for (const pid of stopped) if (alive(pid)) process.kill(pid, 'SIGCONT');
  await manager?.close();
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
}, 30_000);

const deploy = async (body: Record<string, unknown>) => {
  const answer = await api('POST', '/services/', { token: admin, body });
  for (const replica of (answer.json as ServiceRecord | undefined)?.replicas ?? []) if (replica.pid) pids.add(replica.pid);
  return answer;
};
const versionOf = async (name: string, version: string) => {
  const found = ((await api('GET', '/services/', { token: admin })).json as ServiceRecord[]).find((record) => record.name === name && record.version === version)!;
  for (const replica of found.replicas) if (replica.pid) pids.add(replica.pid);
  return found;
};
const whoami = async (path = '/services/whoami/whoami') => {
  const answer = await api('POST', path, { token: admin, body: {} });
  return { status: answer.status, pid: (answer.json as { pid?: number }).pid };
};
const environOf = async (pid: number) => new Map((await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0').map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
async function until(condition: () => Promise<boolean> | boolean, timeout = 30_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(100);
  }
}

describe('replicas of a version behind the manager', () => {
  it('refuses a replica count that is not a whole number from 1 to 16, replicas with a fixed port, and a url that is not an origin or comes with something to run (422)', async () => {
    const base = { name: 'whoami', version: '9.0.0', source: SERVICE };
    for (const [replicas, msg] of [[0, 'replicas is at least 1'], [17, 'replicas is at most 16'], [1.5, 'replicas is a whole number'], ['2', 'replicas is a number of processes']] as const) {
      const answer = await deploy({ ...base, replicas });
      expect(answer.status, String(replicas)).toBe(422);
      expect(answer.json).toEqual({ detail: [expect.objectContaining({ loc: ['body', 'replicas'], msg })] });
    }
    const fixed = await deploy({ ...base, replicas: 2, port: 8000 });
    expect(fixed.status).toBe(422);
    expect(fixed.json).toEqual({ detail: [{ loc: ['body', 'replicas'], msg: 'A version with a fixed port runs one replica: each replica listens on a port of its own', type: 'value_error' }] });
    for (const [body, msg] of [
      [{ url: 'ftp://example.com' }, 'url is where an http(s) server answers, without a path: http://dice.mvi.svc.cluster.local:8000'],
      [{ url: 'http://example.com/api' }, 'url is where an http(s) server answers, without a path: http://dice.mvi.svc.cluster.local:8000'],
      [{ url: 'dice:8000' }, 'url is where an http(s) server answers, without a path: http://dice.mvi.svc.cluster.local:8000'],
      [{ url: 'not a url' }, 'url is where an http(s) server answers, without a path: http://dice.mvi.svc.cluster.local:8000'],
      [{ url: 'http://dice:8000', source: SERVICE }, 'A version at a url runs elsewhere: give it no source, archive, command, env, port or replicas'],
      [{ url: 'http://dice:8000', replicas: 2 }, 'A version at a url runs elsewhere: give it no source, archive, command, env, port or replicas'],
    ] as const) {
      const answer = await deploy({ name: 'kube', version: '1.0.0', ...body });
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect(answer.json).toEqual({ detail: [expect.objectContaining({ loc: ['body', 'url'], msg })] });
    }
    const form = new FormData();
    for (const [key, value] of Object.entries({ ...base, replicas: 'two' })) form.set(key, value);
    const multipart = await api('POST', '/services/', { token: admin, form });
    expect(multipart.json).toEqual({ detail: [{ loc: ['body', 'replicas'], msg: 'Invalid JSON in the replicas field: "two"', type: 'json_invalid' }] });
    form.set('replicas', '0');
    expect((await api('POST', '/services/', { token: admin, form })).json).toEqual({ detail: [expect.objectContaining({ loc: ['body', 'replicas'], msg: 'replicas is at least 1' })] });
    expect(((await api('GET', '/services/', { token: admin })).json as ServiceRecord[]).map((record) => record.name)).toEqual([]);
  });

  it('starts every replica before it answers, each with its replica id, own port and data folder', async () => {
    const answer = await deploy({ name: 'whoami', version: '1.0.0', source: SERVICE, replicas: 3 });
    expect(answer.status, answer.text).toBe(201);
    const record = answer.json as ServiceRecord;
    expect(record.replicas).toEqual([0, 1, 2].map((replica) => ({ replica, status: 'running', pid: expect.any(Number), port: expect.any(Number), started_at: expect.any(String), restarts: 0 })));
    expect(record).toMatchObject({ status: 'running', pid: record.replicas[0]!.pid, port: record.replicas[0]!.port, restarts: 0 });
    expect(new Set(record.replicas.map((replica) => replica.port)).size).toBe(3);
    const environs = await Promise.all(record.replicas.map((replica) => environOf(replica.pid!)));
    expect(environs.map((env) => env.get(ENV_NAMES.replicaId[0]))).toEqual(['0', '1', '2']);
    expect(environs.map((env) => env.has(ENV_NAMES.databaseUrl[0]))).toEqual([false, false, false]);
    expect(new Set(environs.map((env) => env.get(ENV_NAMES.dataDir[0]))).size).toBe(3);
  }, 60_000);

  it('balances main traffic across the replicas, and fails no request but those in flight when one is killed mid-load; the killed one restarts and rejoins', async () => {
    // Wall-clock milliseconds, as the manager's log lines are stamped.
    const now = () => performance.timeOrigin + performance.now();
    const before = (await versionOf('whoami', '1.0.0')).replicas.map((replica) => replica.pid!);
    const victim = before[1]!;
    const WORKERS = 6;
    const sent: { start: number; status: number; pid: number | undefined; text?: string }[] = [];
    let killedAt = Number.POSITIVE_INFINITY;
    let restarted: number | undefined;
    const deadline = Date.now() + 45_000;
    const enough = () => Date.now() > deadline || (restarted !== undefined && sent.filter((s) => s.pid === restarted).length >= 10);
    const pool = new Pool(manager.url, { connections: WORKERS });
    const load = Promise.all(Array.from({ length: WORKERS }, async () => {
      while (!enough()) {
        const start = now();
        try {
          const { statusCode, body } = await pool.request({ method: 'POST', path: '/services/whoami/whoami', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: '{"ms":5}' });
          const text = await body.text();
          sent.push({ start, status: statusCode, pid: statusCode === 200 ? (JSON.parse(text) as { pid: number }).pid : undefined, ...(statusCode === 200 ? {} : { text }) });
        } catch {
          sent.push({ start, status: 0, pid: undefined });
        }
      }
    }));
    try {
      await until(() => sent.length >= 300 || Date.now() > deadline);
      killedAt = now();
      process.kill(victim, 'SIGKILL');
      await until(async () => {
        const replica = (await versionOf('whoami', '1.0.0')).replicas[1]!;
        if (replica.status === 'running' && replica.pid !== victim) restarted = replica.pid;
        return restarted !== undefined;
      }, 40_000);
      await load;
    } finally {
      await pool.close();
    }
    const share = (pid: number, of: typeof sent) => of.filter((s) => s.pid === pid).length / of.length;
    const balanced = sent.filter((s) => s.start < killedAt);
    expect(balanced.length).toBeGreaterThanOrEqual(300);
    for (const pid of before) expect(share(pid, balanced), `replica ${pid}`).toBeGreaterThan(0.3);
    // A SIGKILL takes a while (here up to ~100 ms for a process holding an embedded database):
    // until its sockets close, the kernel still takes connections for it. What was sent to it
    // until the manager saw its exit was in flight there; nothing sent after that may fail.
    const log = (await api('GET', '/services/~logs?name=whoami&version=1.0.0', { token: admin })).text;
    const seenDead = Date.parse(/\[mvi manager (\S+)\] whoami 1\.0\.0 replica 1 was killed by SIGKILL; restarting in 1 s/.exec(log)![1]!);
    const failed = sent.filter((s) => s.status !== 200);
    expect(failed.filter((s) => s.start > seenDead + 1).map((s) => ({ ...s, afterKill: s.start - killedAt, afterSeen: s.start - seenDead }))).toEqual([]);
    expect(failed.filter((s) => s.start < killedAt - 1_000)).toEqual([]);
    expect(failed.length).toBeLessThanOrEqual(WORKERS * 2);
    for (const { status, text } of failed) {
      expect(status).toBe(502);
      expect(text).toMatch(/^\{"detail":"Service whoami version 1\.0\.0 (reset|closed) the connection"\}$/);
    }
    const after = sent.filter((s) => s.start >= killedAt && s.status === 200);
    expect(new Set(after.map((s) => s.pid))).toEqual(new Set([before[0], before[2], restarted]));
    expect(after.filter((s) => s.pid === restarted).length).toBeGreaterThanOrEqual(10);
    const replicas = (await versionOf('whoami', '1.0.0')).replicas;
    expect(replicas.map((replica: ReplicaRecord) => [replica.status, replica.restarts])).toEqual([['running', 0], ['running', 1], ['running', 0]]);
    expect(alive(victim)).toBe(false);
  }, 90_000);

  it('takes a replica that stops answering its health checks out of the rotation until it answers again', async () => {
    const replicas = (await versionOf('whoami', '1.0.0')).replicas.map((replica) => replica.pid!);
    const sick = replicas[2]!;
    process.kill(sick, 'SIGSTOP');
    stopped.add(sick);
    try {
      await until(async () => (await versionOf('whoami', '1.0.0')).replicas[2]!.status === 'unhealthy');
      expect((await versionOf('whoami', '1.0.0')).status).toBe('running');
      const answers = [];
      for (let i = 0; i < 12; i++) answers.push(await whoami());
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      expect(new Set(answers.map((answer) => answer.pid))).toEqual(new Set([replicas[0], replicas[1]]));
    } finally {
      process.kill(sick, 'SIGCONT');
      stopped.delete(sick);
    }
    await until(async () => (await versionOf('whoami', '1.0.0')).replicas[2]!.status === 'running');
    const answers = [];
    for (let i = 0; i < 9; i++) answers.push(await whoami());
    expect(new Set(answers.map((answer) => answer.pid))).toEqual(new Set(replicas));
    const log = (await api('GET', '/services/~logs?name=whoami&version=1.0.0', { token: admin })).text;
    expect(log).toMatch(/whoami 1\.0\.0 replica 2 failed 2 health checks in a row: out of the rotation until it passes one/);
    expect(log).toMatch(/whoami 1\.0\.0 replica 2 answers its health check: in the rotation/);
  }, 60_000);

  it('runs a shadow with its own replica count, its copies taken by each of its replicas in turn', async () => {
    const answer = await deploy({ name: 'whoami', version: '2.0.0', source: SERVICE, replicas: 2 });
    expect(answer.status).toBe(201);
    const shadow = answer.json as ServiceRecord;
    expect(shadow).toMatchObject({ main: false, status: 'running' });
    for (let i = 0; i < 10; i++) expect((await whoami()).status).toBe(200);
    type Report = { versions: { version: string; shadow: { compared: number; disagreements: { shadow: { body: string } }[] } }[] };
    let copies: Report['versions'][number]['shadow'] | undefined;
    await until(async () => {
      copies = ((await api('GET', '/services/~shadow?name=whoami', { token: admin })).json as Report).versions.find((v) => v.version === '2.0.0')?.shadow;
      return copies?.compared === 10;
    });
    // Each process names itself: every copy disagrees with main, and the samples name the shadow's replicas.
    const answered = new Set(copies!.disagreements.map((d) => (JSON.parse(d.shadow.body) as { pid: number }).pid));
    expect(answered).toEqual(new Set(shadow.replicas.map((replica) => replica.pid)));
    expect((await whoami('/services/whoami_2.0.0/whoami')).status).toBe(200);
  }, 60_000);

  it('stops every replica of a version it kills', async () => {
    const replicas = [...(await versionOf('whoami', '2.0.0')).replicas, ...(await versionOf('whoami', '1.0.0')).replicas].map((replica) => replica.pid!);
    expect((await api('DELETE', '/services/', { token: admin, body: { name: 'whoami', all: true } })).json).toEqual({ killed: ['whoami_1.0.0', 'whoami_2.0.0'] });
    expect(replicas.filter(alive)).toEqual([]);
    expect((await whoami()).status).toBe(404);
  }, 30_000);
});
