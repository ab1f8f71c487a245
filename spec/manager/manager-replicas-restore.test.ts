import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, expect, it } from 'vitest';
import { serveManager, type RunningManager } from 'mvi/manager';
import { ENV_NAMES } from '../../lib/protocol/env-names.ts';
import type { ServiceRecord } from '../../lib/manager/types.ts';
import { alive, client, login, managerDataDir, managerEnv, repo, startManagerChild } from './_manager-client.ts';

// A manager given a database through its environment, killed with two replicas and a version
// that runs elsewhere, and the manager that comes after it on the same data folder. The replicas
// are commands (an mvi service would open the database, which this test does not need).
const DATABASE_URL = 'postgresql://mvi@127.0.0.1:5432/replicas';
const env = { ...managerEnv, MVI_DATABASE_URL: DATABASE_URL };
const CHILD = repo('spec/manager/process/_http-child.mjs');
let dataDir: string | undefined;
let child: ChildProcess | undefined;
let manager: RunningManager | undefined;
const pids: number[] = [];

// A version the manager does not run (as a Kubernetes Service would be): healthy under its prefix.
const elsewhere = createServer((request, response) => {
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify({ path: request.url, prefix: request.headers['x-forwarded-prefix'] ?? null }));
});

afterAll(async () => {
  elsewhere.close();
  if (child?.exitCode === null) child.kill('SIGKILL');
  await manager?.close();
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 30_000);

const environOf = async (pid: number) => new Map((await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0').map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));

it("gives every replica the manager's MVI_DATABASE_URL, and brings every replica and a version elsewhere back after the manager was killed, stopping what it left running", async () => {
  dataDir = await managerDataDir();
  const first = await startManagerChild(dataDir, env);
  child = first.child;
  const api = client(first.url);
  const token = await login(first.url);
  const deployed = await api('POST', '/services/', { token, body: { name: 'plain', version: '1.0.0', command: [process.execPath, CHILD], replicas: 2 } });
  expect(deployed.status).toBe(201);
  const orphans = (deployed.json as ServiceRecord).replicas.map((replica) => replica.pid!);
  pids.push(...orphans);
  const environs = await Promise.all(orphans.map(environOf));
  expect(environs.map((environ) => [environ.get(ENV_NAMES.replicaId[0]), environ.get(ENV_NAMES.databaseUrl[0])])).toEqual([['0', DATABASE_URL], ['1', DATABASE_URL]]);
  // A deploy's own env names another database: that one wins.
  const own = await api('POST', '/services/', { token, body: { name: 'own', version: '1.0.0', command: [process.execPath, CHILD], env: { MVI_DATABASE_URL: 'postgresql://elsewhere/db' } } });
  const ownPid = (own.json as ServiceRecord).pid!;
  pids.push(ownPid);
  expect((await environOf(ownPid)).get(ENV_NAMES.databaseUrl[0])).toBe('postgresql://elsewhere/db');
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
  const kube = await api('POST', '/services/', { token, body: { name: 'kube', version: '1.0.0', url: `${url}/` } });
  expect(kube.status, kube.text).toBe(201);
  // JSON leaves out a pid that is undefined: the manager runs no process of it.
  expect(kube.json).not.toHaveProperty('pid');
  expect(kube.json).toMatchObject({ main: true, status: 'running', port: (elsewhere.address() as AddressInfo).port, replicas: [{ replica: 0, status: 'running', restarts: 0 }] });
  expect((await api('GET', '/services/kube/x?y=1', { token })).json).toEqual({ path: '/x?y=1', prefix: '/services/kube' });

  child.kill('SIGKILL');
  await once(child, 'exit');
  expect(orphans.map(alive)).toEqual([true, true]);

  manager = await serveManager({ port: 0, dataDir, handleSignals: false, env, stopTimeout: 3_000 });
  const next = client(manager.url);
  const admin = await login(manager.url);
  let plain: ServiceRecord | undefined;
  for (let i = 0; i < 200 && plain?.replicas.some((replica) => replica.status !== 'running') !== false; i++) {
    await sleep(100);
    plain = ((await next('GET', '/services/', { token: admin })).json as ServiceRecord[]).find((record) => record.name === 'plain');
  }
  expect(plain).toMatchObject({ status: 'running', restarts: 0 });
  const restored = plain!.replicas.map((replica) => replica.pid!);
  pids.push(...restored);
  expect(plain!.replicas.map((replica) => replica.status)).toEqual(['running', 'running']);
  expect(restored.filter((pid) => orphans.includes(pid))).toEqual([]);
  expect(orphans.map(alive)).toEqual([false, false]);
  expect((await Promise.all(restored.map(environOf))).map((environ) => [environ.get(ENV_NAMES.replicaId[0]), environ.get(ENV_NAMES.databaseUrl[0])])).toEqual([['0', DATABASE_URL], ['1', DATABASE_URL]]);
  const answered = new Set<number>();
  for (let i = 0; i < 4; i++) answered.add(((await next('GET', '/services/plain/x', { token: admin })).json as { pid: number }).pid);
  expect(answered).toEqual(new Set(restored));
  let followed: ServiceRecord | undefined;
  for (let i = 0; i < 100 && followed?.status !== 'running'; i++) {
    await sleep(100);
    followed = ((await next('GET', '/services/', { token: admin })).json as ServiceRecord[]).find((record) => record.name === 'kube');
  }
  expect(followed).toMatchObject({ status: 'running', replicas: [{ status: 'running' }] });
  expect(followed).not.toHaveProperty('pid');
  expect((await next('GET', '/services/kube_1.0.0/z', { token: admin })).json).toEqual({ path: '/z', prefix: '/services/kube_1.0.0' });
}, 60_000);
