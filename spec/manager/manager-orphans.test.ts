import type { ChildProcess } from 'node:child_process';
import { createConsola } from 'consola';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, expect, it } from 'vitest';
import { serveManager, type RunningManager } from 'mvi/manager';
import { openManagerDb } from '../../lib/manager/manager-db.ts';
import type { ServiceRecord } from '../../lib/manager/types.ts';
import { alive, client, login, managerDataDir, managerEnv, repo, startManagerChild } from './_manager-client.ts';

let dataDir: string | undefined;
let child: ChildProcess | undefined;
let manager: RunningManager | undefined;
const pids: number[] = [];

afterAll(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  await manager?.close();
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 30_000);

const managerLog: string[] = [];

/** Deploys dice under a manager process and kills that manager, leaving dice running. */
async function orphanDice(): Promise<{ readonly dataDir: string; readonly orphan: number }> {
  const dir = await managerDataDir();
  dataDir = dir;
  const first = await startManagerChild(dir, managerEnv);
  child = first.child;
  const api = client(first.url);
  const admin = await login(first.url);
  const deployed = await api('POST', '/services/', { token: admin, body: { name: 'dice', version: '1.0.0', source: repo('playground/dice.ts') } });
  expect(deployed.status).toBe(201);
  const orphan = (deployed.json as ServiceRecord).pid!;
  pids.push(orphan);
  child.kill('SIGKILL');
  await once(child, 'exit');
  expect(alive(orphan)).toBe(true);
  return { dataDir: dir, orphan };
}

/** Starts a manager on the folder and waits until it brings dice back; dice must then answer. */
async function bringBack(dir: string): Promise<ServiceRecord | undefined> {
  managerLog.length = 0;
  const logger = createConsola({ reporters: [{ log: (entry) => void managerLog.push(String(entry.args[0])) }] });
  manager = await serveManager({ port: 0, dataDir: dir, handleSignals: false, env: managerEnv, stopTimeout: 3_000, logger });
  const api = client(manager.url);
  const admin = await login(manager.url);
  let dice: ServiceRecord | undefined;
  for (let i = 0; i < 200 && dice?.status !== 'running'; i++) {
    await sleep(100);
    dice = ((await api('GET', '/services/', { token: admin })).json as ServiceRecord[])[0];
  }
  expect((await api('POST', '/services/dice/roll', { token: admin, body: { sides: 2 } })).status).toBe(200);
  if (dice?.pid !== undefined) pids.push(dice.pid);
  return dice;
}

async function cleanUp(): Promise<void> {
  await manager?.close();
  manager = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
}

it('stops what a manager that was killed left running before it brings the service back', async () => {
  const { dataDir: dir, orphan } = await orphanDice();
  const dice = await bringBack(dir);
  expect(dice).toMatchObject({ name: 'dice', status: 'running', restarts: 0 });
  expect(dice!.pid).not.toBe(orphan);
  expect(alive(orphan)).toBe(false);
  expect(managerLog).toContain(`Stopped what the last manager left running of dice 1.0.0 (pid ${orphan})`);
  await cleanUp();
}, 60_000);

it('stops the orphan of a manager whose registry predates replicas (one pid column) after the upgrade', async () => {
  const { dataDir: dir, orphan } = await orphanDice();
  // The table as a manager from before replicas left it: one pid column, no pids.
  const db = await openManagerDb(join(dir, 'manager'));
  await db.pg.exec(`ALTER TABLE mvi_manager_services ADD COLUMN pid integer;
UPDATE mvi_manager_services SET pid = pids[1];
ALTER TABLE mvi_manager_services DROP COLUMN pids;`);
  await db.close();

  const dice = await bringBack(dir);
  expect(dice).toMatchObject({ name: 'dice', status: 'running', restarts: 0 });
  expect(alive(orphan)).toBe(false);
  expect(managerLog).toContain(`Stopped what the last manager left running of dice 1.0.0 (pid ${orphan})`);
  await cleanUp();
}, 60_000);
