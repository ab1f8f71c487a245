import { rm } from 'node:fs/promises';
import { serveManager, type RunningManager } from 'mvi/manager';
import { alive, managerEnv } from './_manager-client.ts';

/** Serves a manager under test in this process on `dataDir`: any free port, the specs' admin password, services given 3 s to stop. */
export function serveTestManager(dataDir: string): Promise<RunningManager> {
  return serveManager({ port: 0, dataDir, handleSignals: false, env: managerEnv, stopTimeout: 3_000 });
}

/** Closes `manager` (if it started), kills by PID what of its services' `pids` still runs, and removes its `dataDir`. */
export async function closeTestManager(manager: RunningManager | undefined, pids: Iterable<number>, dataDir: string): Promise<void> {
  await manager?.close();
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
}
