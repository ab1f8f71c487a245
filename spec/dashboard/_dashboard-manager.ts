import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { serveManager, type RunningManager } from 'mvi/manager';
import type { ServiceRecord } from '../../lib/manager/types.ts';
import { alive, client, login, managerDataDir, managerEnv, repo } from '../manager/_manager-client.ts';

/** Flowers of the iris data set, some of which the model is unsure about (confidence 0.53–0.99). */
export const FLOWERS = [
  [5.1, 3.5, 1.4, 0.2], [4.9, 3.0, 1.4, 0.2], [6.0, 2.9, 4.5, 1.5], [5.7, 2.8, 4.1, 1.3],
  [6.3, 3.3, 6.0, 2.5], [6.5, 3.0, 5.8, 2.2], [6.0, 2.7, 5.1, 1.6], [6.3, 2.5, 4.9, 1.5],
  [5.9, 3.0, 5.1, 1.8], [6.1, 2.8, 4.7, 1.2], [5.6, 3.0, 4.5, 1.5], [6.7, 3.0, 5.0, 1.7],
].map(([sepal_length, sepal_width, petal_length, petal_width]) => ({ sepal_length, sepal_width, petal_length, petal_width }));

/** A manager for the dashboard's tests, with the playground's iris model (main 1.0.0, shadow 2.0.0) and sensor gate deployed and used. */
export interface DashboardManager {
  readonly url: string;
  /** The admin's token. */
  readonly token: string;
  readonly api: ReturnType<typeof client>;
  /** Every version, as GET /services/ lists it. */
  services(): Promise<ServiceRecord[]>;
  /** Deploys a version that runs `command` (no mvi service) and resolves with its record once it answers. */
  deployCommand(name: string, version: string, command: readonly string[]): Promise<ServiceRecord>;
  close(): Promise<void>;
}

async function until(what: string, condition: () => Promise<boolean>, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not in time`);
    await sleep(100);
  }
}

/**
 * Starts a manager (auth on, the specs' admin password) and deploys iris 1.0.0, a shadow iris
 * 2.0.0 whose threshold is set to 0.8 (so that it calls 3 of the {@link FLOWERS} uncertain where
 * main names a class), and sensors 1.0.0; sends each flower to iris (150 ms apart) and two suspicious readings
 * to sensors (one notification, counted twice); resolves once the shadow compared every copy.
 */
export async function startDashboardManager(): Promise<DashboardManager> {
  const dataDir = await managerDataDir();
  let manager: RunningManager | undefined;
  const pids = new Set<number>();
  const close = async () => {
    await manager?.close();
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    manager = await serveManager({ port: 0, dataDir, handleSignals: false, env: managerEnv, stopTimeout: 3_000 });
    const { url } = manager;
    const api = client(url);
    const token = await login(url);
    const call = async (method: string, path: string, body?: unknown) => {
      const answer = await api(method, path, { token, body });
      if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${answer.text}`);
      return answer.json;
    };
    const services = async () => {
      const list = (await api('GET', '/services/', { token })).json as ServiceRecord[];
      for (const record of list) if (record.pid) pids.add(record.pid);
      return list;
    };
    const deployCommand = async (name: string, version: string, command: readonly string[]) => {
      const record = (await call('POST', '/services/', { name, version, command })) as ServiceRecord;
      if (record.pid) pids.add(record.pid);
      return record;
    };
    await call('POST', '/services/', { name: 'iris', version: '1.0.0', source: repo('playground/model.ts') });
    await Promise.all([
      call('POST', '/services/', { name: 'iris', version: '2.0.0', source: repo('playground/model.ts') }),
      call('POST', '/services/', { name: 'sensors', version: '1.0.0', source: repo('playground/notifier.ts') }),
    ]);
    await services();
    await call('POST', '/services/iris_2.0.0/~parameters/threshold', { value: 0.8 });
    // A little apart, as traffic comes: the charts then show a line, not a single moment.
    for (const flower of FLOWERS) {
      await call('POST', '/services/iris/predict', flower);
      await sleep(150);
    }
    await call('POST', '/services/sensors/ingest', { sensor: 'boiler', value: 180 });
    await call('POST', '/services/sensors/ingest', { sensor: 'boiler', value: 180 });
    await call('POST', '/services/sensors/ingest', { sensor: 'cellar', value: 12 });
    await until('the shadow compared every copy', async () => {
      const report = (await call('GET', '/services/~shadow?name=iris')) as { versions: { version: string; shadow: { compared: number } }[] };
      return report.versions.find((entry) => entry.version === '2.0.0')?.shadow.compared === FLOWERS.length;
    });
    return { url, token, api, services, deployCommand, close };
  } catch (error) {
    await close();
    throw error;
  }
}
