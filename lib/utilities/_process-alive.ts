import { readFileSync } from 'node:fs';

// A killed process stays a zombie until its parent reaps it (1-2 s on machines whose init reaps
// late), and signal 0 reaches a zombie: on Linux, its state in /proc tells. The state follows
// the name in parentheses, which may itself hold spaces and parentheses.
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return /^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

/** Whether a process of this pid runs: it exists (one of another user counts) and is no zombie. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}
