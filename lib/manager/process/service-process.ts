import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessStatus } from '../types.ts';
import type { LogFile } from './log-file.ts';
import { managerNote } from './manager-note.ts';
import { probeHealth, type HealthRule } from './probe-health.ts';
import { stopProcessGroup } from './stop-process-group.ts';
import { watchHealth } from './watch-health.ts';

/** Timings of a supervised process, in milliseconds. */
export interface ProcessTiming {
  /** How long a start may take to become healthy (default 30 000). */
  readonly startTimeout?: number;
  /** How long SIGTERM is given before SIGKILL (default 10 000). */
  readonly stopGrace?: number;
  /** Pause between health probes while starting (default 100). */
  readonly probeInterval?: number;
  /** Wait before the first restart after a crash, doubled for each further crash (default 1 000). */
  readonly backoff?: number;
  /** Longest wait between restarts (default 30 000). */
  readonly maxBackoff?: number;
  /** Crashes within `crashWindow` after which the version is left `crashed` (default 5). */
  readonly crashLimit?: number;
  /** Default 600 000 (10 minutes). */
  readonly crashWindow?: number;
  /** Pause between health probes while it runs (default 2 000). */
  readonly healthInterval?: number;
  /** Failed probes in a row after which it is `unhealthy`, out of the rotation until one passes (default 2). */
  readonly healthFailures?: number;
  /** How long a probe waits for an answer (default 2 000). */
  readonly healthTimeout?: number;
}

/** What {@link superviseProcess} runs and how it knows it is up. */
export interface ProcessOptions {
  /** `{name} {version}`, as the log lines of the manager name it. */
  readonly label: string;
  readonly command: readonly string[];
  readonly cwd: string | undefined;
  readonly env: Readonly<Record<string, string>>;
  readonly port: number;
  /** Where the service answers its health probe (its `/services/{name}_{version}`). */
  readonly rootPath: string;
  readonly health: HealthRule;
  readonly log: LogFile;
  /** The token health probes carry. */
  readonly probeToken: () => Promise<string | undefined>;
  readonly timing?: ProcessTiming;
  /** When false (a deploy), a first start that fails rejects `started` and is not retried; when true (a restore), it counts as a crash. */
  readonly retryFirstStart: boolean;
  /** Told the pid of every process started. */
  readonly onSpawned?: (pid: number) => void;
  /** Told when the version crashed for good. */
  readonly onCrashed?: () => void;
}

/** A supervised process of one version. */
export interface ServiceProcess {
  /** The gateway sends requests to it while `running` (see `ReplicaRotation`). */
  readonly status: ProcessStatus;
  readonly pid: number | undefined;
  readonly port: number;
  /** `http://127.0.0.1:{port}`. */
  readonly origin: string;
  readonly startedAt: string | undefined;
  readonly restarts: number;
  /** Resolves once the first start is healthy; rejects with why it failed (exit, timeout). */
  readonly started: Promise<void>;
  /** Stops restarting, then stops the process group (SIGTERM, SIGKILL after the grace period); idempotent. */
  stop(): Promise<void>;
}

const DEFAULTS: Required<ProcessTiming> = {
  startTimeout: 30_000,
  stopGrace: 10_000,
  probeInterval: 100,
  backoff: 1_000,
  maxBackoff: 30_000,
  crashLimit: 5,
  crashWindow: 600_000,
  healthInterval: 2_000,
  healthFailures: 2,
  healthTimeout: 2_000,
};

/** Every timing, the defaults where `timing` gives none: one given as undefined (`{ stopGrace: options.stopTimeout }`) keeps its default. */
export function resolveTiming(timing: ProcessTiming = {}): Required<ProcessTiming> {
  const given: ProcessTiming = Object.fromEntries(Object.entries(timing).filter(([, value]) => value !== undefined));
  return { ...DEFAULTS, ...given };
}

const describeExit = (code: number | null, signal: NodeJS.Signals | null) => (signal ? `was killed by ${signal}` : `exited with code ${code}`);

/** Starts `command` detached (its own process group), logs its output, probes it until healthy and restarts it with backoff when it crashes. */
export function superviseProcess(options: ProcessOptions): ServiceProcess {
  const timing = resolveTiming(options.timing);
  const { log, label } = options;
  const note = managerNote(log, label);
  let status: ProcessStatus = 'starting';
  let child: ChildProcess | undefined;
  let startedAt: string | undefined;
  let restarts = 0;
  let crashes: number[] = [];
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let unwatch = () => {};
  const origin = `http://127.0.0.1:${options.port}`;
  const probe = async () => probeHealth(origin, options.rootPath, options.health, await options.probeToken().catch(() => undefined), timing.healthTimeout);

  const spawnChild = (): { child: ChildProcess; exit: Promise<string> } => {
    const [file, ...args] = options.command;
    const spawned = spawn(file!, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    spawned.stdout!.on('data', (chunk: Buffer) => log.write(chunk));
    spawned.stderr!.on('data', (chunk: Buffer) => log.write(chunk));
    const exit = new Promise<string>((resolve) => {
      spawned.once('exit', (code, signal) => resolve(describeExit(code, signal)));
      // Without a pid it never ran (no such program): no exit event follows.
      spawned.on('error', (error) => spawned.pid === undefined && resolve(`could not be started: ${error.message}`));
    });
    child = spawned;
    if (spawned.pid !== undefined) options.onSpawned?.(spawned.pid);
    startedAt = new Date().toISOString();
    note(spawned.pid === undefined ? 'is starting' : `started (pid ${spawned.pid}, port ${options.port})`);
    return { child: spawned, exit };
  };

  // One start: healthy, or why not (the process is gone when it returns a reason).
  const attempt = async (): Promise<string | undefined> => {
    const { child: spawned, exit } = spawnChild();
    let exited: string | undefined;
    void exit.then((reason) => (exited = reason));
    const deadline = Date.now() + timing.startTimeout;
    while (!stopping) {
      if (exited) return exited;
      const healthy = await Promise.race([probe(), exit.then(() => false)]);
      if (exited) return exited;
      if (healthy) return undefined;
      if (Date.now() > deadline) {
        await stopProcessGroup(spawned, timing.stopGrace);
        return `was not healthy within ${timing.startTimeout / 1000} s`;
      }
      await Promise.race([sleep(timing.probeInterval), exit]);
    }
    return 'was stopped while starting';
  };

  // Once healthy: watched for its exit, and probed while it runs. Failed probes take it out of
  // the rotation (`unhealthy`) without a restart: a service is 503 while its store cannot
  // write, and a restart would not mend that.
  const serve = (running: ChildProcess) => {
    status = 'running';
    running.once('exit', (code, signal) => {
      if (stopping || child !== running) return;
      crashed(describeExit(code, signal));
    });
    unwatch = watchHealth({
      probe,
      interval: timing.healthInterval,
      failures: timing.healthFailures,
      serving: true,
      onChange: (serving) => (status = serving ? 'running' : 'unhealthy'),
      note,
    });
  };

  const crashed = (reason: string) => {
    // What the crashed process left in its group (a command's children) would hold its port.
    if (child?.pid !== undefined) try { process.kill(-child.pid, 'SIGKILL'); } catch { /* none left */ }
    child = undefined;
    unwatch();
    const now = Date.now();
    crashes = [...crashes.filter((at) => now - at < timing.crashWindow), now];
    if (crashes.length >= timing.crashLimit) {
      status = 'crashed';
      note(`${reason}; ${crashes.length} crashes within ${timing.crashWindow / 60_000} min: left crashed`);
      options.onCrashed?.();
      return;
    }
    const delay = Math.min(timing.backoff * 2 ** (crashes.length - 1), timing.maxBackoff);
    status = 'restarting';
    note(`${reason}; restarting in ${delay / 1000} s`);
    timer = setTimeout(() => void restart(), delay);
  };

  const restart = async () => {
    restarts++;
    const failure = await attempt();
    if (stopping) return;
    if (failure) return crashed(failure);
    serve(child!);
  };

  const started = (async () => {
    const failure = await attempt();
    if (stopping) throw new Error(`${label} was stopped while starting`);
    if (failure && !options.retryFirstStart) {
      child = undefined;
      status = 'stopped';
      note(failure);
      throw new Error(`${label} ${failure}`);
    }
    if (failure) return crashed(failure);
    serve(child!);
  })();
  // A restore's start is not awaited by anyone; a deploy's is.
  started.catch(() => {});

  let stopped: Promise<void> | undefined;
  return {
    get status() { return status; },
    get pid() { return child?.pid; },
    port: options.port,
    origin,
    get startedAt() { return child ? startedAt : undefined; },
    get restarts() { return restarts; },
    started,
    stop: () => (stopped ??= (async () => {
      stopping = true;
      clearTimeout(timer);
      unwatch();
      const running = child;
      if (running) {
        note('stopping');
        await stopProcessGroup(running, timing.stopGrace);
      }
      child = undefined;
      status = 'stopped';
    })()),
  };
}
