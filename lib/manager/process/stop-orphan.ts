import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

const groupAlive = (pid: number) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Stops what a manager that died left running of a version (its processes are detached, so they
 * outlive it, holding the version's port and data folder): the process group of `pid`, but only
 * if that process is still the version's, that is its environment names the version's own
 * `MVI_DATA_DIR` (a pid is soon reused). Reads Linux's /proc; elsewhere it stops nothing.
 * Resolves to whether it found one.
 */
export async function stopOrphan(pid: number, dataDir: string, grace: number): Promise<boolean> {
  const environ = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => '');
  if (!environ.split('\0').includes(`MVI_DATA_DIR=${dataDir}`)) return false;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return false;
  }
  const deadline = Date.now() + grace;
  while (Date.now() < deadline && groupAlive(pid)) await sleep(50);
  if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
  return true;
}
