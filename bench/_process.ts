import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The port a benchmark server listens on: the one its manager gave it (`PORT`) when a manager runs it, else a free one. */
export const listenPort = (): number => (process.env.MVI_MANAGER_URL ? Number(process.env.PORT) : 0);

/** A benchmark server in its own process. */
export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resident set size of the server process in MB. */
  rssMb(): number;
  /** CPU time (user + system) the server process has used so far, all its threads, in ms. */
  cpuMs(): number;
  /** The same, of the main thread alone (the one that serves requests). */
  mainCpuMs(): number;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
}

// utime and stime (fields 14 and 15 of /proc/<pid>/stat, after the parenthesized name) count
// every thread of the process, in clock ticks of 10 ms (CLK_TCK is 100 on Linux).
function cpuMs(stat: string): number {
  const fields = readFileSync(stat, 'utf8').replace(/^.*\) /s, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Builds the package (dist/), for benches that run what it ships; quick when nothing changed. */
export function buildPackage(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Whether a process of this pid runs (a manager's service that should be gone, say). */
export { isProcessAlive as alive } from '../lib/utilities/_process-alive.ts';

/** CPU time (user + system) process `pid` has used so far, all its threads, in ms: of a server a manager started, say. */
export const processCpuMs = (pid: number): number => cpuMs(`/proc/${pid}/stat`);

/** Starts `script <kind>` (`bench/_server.ts` unless told) and resolves when it prints `ready <url>`. */
export function startServer(kind: string, env: NodeJS.ProcessEnv = {}, script = 'bench/_server.ts'): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, kind], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const early = (code: number | null) => reject(new Error(`server ${kind} exited with ${code}: ${out}`));
    child.once('exit', early);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready (\S+)/.exec(out);
      if (!match) return;
      child.off('exit', early);
      // Keep draining the server's log so it never blocks on a full pipe.
      child.stdout!.off('data', onData).resume();
      resolve({
        url: match[1]!,
        child,
        rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024,
        cpuMs: () => cpuMs(`/proc/${child.pid}/stat`),
        mainCpuMs: () => cpuMs(`/proc/${child.pid}/task/${child.pid}/stat`),
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout!.on('data', onData);
  });
}
