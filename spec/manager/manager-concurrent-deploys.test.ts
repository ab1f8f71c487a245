import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, expect, it } from 'vitest';
import type { RunningManager } from 'mvi/manager';
import type { ServiceRecord } from '../../lib/manager/types.ts';
import { client, login, managerDataDir, repo } from './_manager-client.ts';
import { closeTestManager, serveTestManager } from './_test-manager.ts';

// Two versions of a name nobody deployed yet, deployed at once through the manager: which one is
// main, as a user sees it, while they start, once they run and after the manager restarts.
const CHILD = repo('spec/manager/process/_http-child.mjs');
let manager: RunningManager | undefined;
let dataDir: string;
const pids: number[] = [];

afterAll(() => closeTestManager(manager, pids, dataDir), 30_000);

async function connect(running: RunningManager) {
  const api = client(running.url);
  const admin = await login(running.url);
  const list = async () => {
    const services = (await api('GET', '/services/', { token: admin })).json as ServiceRecord[];
    for (const { pid } of services) if (pid !== undefined && !pids.includes(pid)) pids.push(pid);
    return services;
  };
  // Waits until `ready` holds for the listed versions (10 s at most), and returns them.
  const listWhen = async (ready: (services: ServiceRecord[]) => boolean) => {
    let services = await list();
    for (let i = 0; i < 200 && !ready(services); i++) {
      await sleep(50);
      services = await list();
    }
    return services;
  };
  // What the gateway reaches at /services/foo: the process of the version that answered.
  const answering = async () => ((await api('GET', '/services/foo/', { token: admin })).json as { pid: number }).pid;
  return { api, admin, list, listWhen, answering };
}

const version = (services: readonly ServiceRecord[], wanted: string) => services.find((service) => service.version === wanted);
const mains = (services: readonly ServiceRecord[]) => services.map(({ version, main }) => ({ version, main })).sort((a, b) => a.version.localeCompare(b.version));

it('makes the first of two versions of a new name deployed at once main and the other a shadow, while they start, once they run and after a restart', async () => {
  dataDir = await managerDataDir();
  manager = await serveTestManager(dataDir);
  const { api, admin, list, listWhen, answering } = await connect(manager);
  // 1.0.0 listens only once this file is gone: its deploy begins first and answers last.
  const hold = join(dataDir, 'hold');
  await writeFile(hold, '');
  const deploy = (version: string, env: Record<string, string>) => api('POST', '/services/', { token: admin, body: { name: 'foo', version, command: [process.execPath, CHILD], env } });
  const first = deploy('1.0.0', { HOLD_FILE: hold });
  await listWhen((services) => version(services, '1.0.0') !== undefined);
  const second = deploy('2.0.0', {});
  const expected = [{ version: '1.0.0', main: true }, { version: '2.0.0', main: false }];

  const bothStarting = await listWhen((services) => version(services, '2.0.0') !== undefined);
  expect(mains(bothStarting)).toEqual(expected);
  // 2.0.0 is healthy while 1.0.0 still starts: 1.0.0 stays the one to be main all the same.
  const secondHealthy = await listWhen((services) => version(services, '2.0.0')?.replicas[0]?.status === 'running');
  expect(version(secondHealthy, '2.0.0')?.replicas[0]?.status).toBe('running');
  expect(mains(secondHealthy)).toEqual(expected);

  await rm(hold);
  const [deployedFirst, deployedSecond] = await Promise.all([first, second]);
  expect(deployedFirst.status, deployedFirst.text).toBe(201);
  expect(deployedSecond.status, deployedSecond.text).toBe(201);
  expect(deployedFirst.json).toMatchObject({ version: '1.0.0', main: true, status: 'running' });
  expect(deployedSecond.json).toMatchObject({ version: '2.0.0', main: false, status: 'running' });
  const running = await list();
  expect(mains(running)).toEqual(expected);
  expect(await answering()).toBe(version(running, '1.0.0')!.pid);

  // The registry kept it: the manager that comes after on the same folder brings the same main back.
  await manager.close();
  manager = undefined;
  manager = await serveTestManager(dataDir);
  const after = await connect(manager);
  const restored = await after.listWhen((services) => services.length === 2 && services.every((service) => service.status === 'running'));
  expect(restored.map(({ status }) => status)).toEqual(['running', 'running']);
  expect(mains(restored)).toEqual(expected);
  expect(await after.answering()).toBe(version(restored, '1.0.0')!.pid);
}, 60_000);
