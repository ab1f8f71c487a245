import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, expect, it } from 'vitest';
import { serveManager, type RunningManager } from 'mvi/manager';
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

it('stops what a manager that was killed left running before it brings the service back', async () => {
  dataDir = await managerDataDir();
  const first = await startManagerChild(dataDir, managerEnv);
  child = first.child;
  const deployed = await client(first.url)('POST', '/services/', { token: await login(first.url), body: { name: 'dice', version: '1.0.0', source: repo('playground/dice.ts') } });
  expect(deployed.status).toBe(201);
  const orphan = (deployed.json as ServiceRecord).pid!;
  pids.push(orphan);

  child.kill('SIGKILL');
  await once(child, 'exit');
  expect(alive(orphan)).toBe(true);

  manager = await serveManager({ port: 0, dataDir, handleSignals: false, env: managerEnv, stopTimeout: 3_000 });
  const api = client(manager.url);
  const admin = await login(manager.url);
  let dice: ServiceRecord | undefined;
  for (let i = 0; i < 200 && dice?.status !== 'running'; i++) {
    await sleep(100);
    dice = ((await api('GET', '/services/', { token: admin })).json as ServiceRecord[])[0];
  }
  expect(dice).toMatchObject({ name: 'dice', status: 'running', restarts: 0 });
  pids.push(dice!.pid!);
  expect(dice!.pid).not.toBe(orphan);
  expect(alive(orphan)).toBe(false);
  expect((await api('POST', '/services/dice/roll', { token: admin, body: { sides: 2 } })).status).toBe(200);
}, 60_000);
