import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Starts `node --import tsx <script> ...args` and resolves once it prints `ready`. */
export function startReadyChild(script: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready:\n${output}`)));
  });
}

/** Kills `child` with `signal` and resolves once it has exited. */
export function killChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** A process that `startZombieParent` started, and the process that started it. */
export interface ZombieParent {
  /** The pid of the script's process, whose parent never reaps it. */
  readonly pid: number;
  /** The parent, a shell turned into `sleep`: killing it lets init reap the child. */
  readonly parent: ChildProcess;
}

/**
 * Starts `node --import tsx <script> ...args` as the child of a process that never waits for
 * its children (node would reap it at once), and resolves once the script prints `ready`:
 * killed, the script's process stays a zombie until that parent goes.
 */
export function startZombieParent(script: string, args: string[]): Promise<ZombieParent> {
  const command = `"$0" --import tsx "$@" & echo "pid $!"; exec sleep 120`;
  const parent = spawn('sh', ['-c', command, process.execPath, script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const pid = /pid (\d+)/.exec(output)?.[1];
      if (pid && output.includes('ready')) resolve({ pid: Number(pid), parent });
    };
    parent.stdout!.on('data', onData);
    parent.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    parent.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready:\n${output}`)));
  });
}

/** The state letter of `pid` in /proc (`Z` for a zombie), or undefined when it is gone. */
export function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/** Kills `pid` with SIGKILL and resolves once it is a zombie. */
export async function killToZombie(pid: number): Promise<void> {
  process.kill(pid, 'SIGKILL');
  while (processState(pid) !== 'Z') await new Promise((resolve) => setTimeout(resolve, 5));
}
