import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

// Signals a whole process group (the child was spawned detached, so it leads its own): a
// command's children get the signal too. ESRCH means nobody is left.
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

/**
 * Stops a detached child and everything in its process group: SIGTERM, then SIGKILL to what is
 * left once `grace` ms have passed (a process that exits in time still gets its children cleaned
 * up, once they had the rest of the grace period).
 */
export async function stopProcessGroup(child: ChildProcess, grace: number): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const deadline = Date.now() + grace;
  const exit = exited(child) ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(pid, 'SIGTERM');
  await Promise.race([exit, sleep(grace)]);
  while (Date.now() < deadline && signalGroup(pid, 0)) await sleep(50);
  signalGroup(pid, 'SIGKILL');
  await exit;
}
