import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessStatus } from '../types.ts';
import { managerNote } from './manager-note.ts';
import { probeHealth } from './probe-health.ts';
import { resolveTiming, type ProcessOptions, type ServiceProcess } from './service-process.ts';
import { watchHealth } from './watch-health.ts';

/** What {@link remoteVersion} watches: a version that runs elsewhere (a Kubernetes Service), at `origin`. */
export interface RemoteVersionOptions extends Pick<ProcessOptions, 'label' | 'log' | 'probeToken' | 'timing'> {
  /** e.g. `http://dice.mvi.svc.cluster.local:8000`. */
  readonly origin: string;
  /** Its `/services/{name}_{version}`, which an mvi service answers under when it is given its name and version. */
  readonly rootPath: string;
  /** When false (a deploy), `started` rejects unless it is healthy within the start timeout; when true (a restore), it waits as long as it takes. */
  readonly retryFirstStart: boolean;
}

/**
 * A version the manager does not run but forwards to: the same face as a supervised process
 * (no pid, nothing to restart), in the rotation while `GET {rootPath}/~health` answers 200.
 */
export function remoteVersion(options: RemoteVersionOptions): ServiceProcess {
  const timing = resolveTiming(options.timing);
  const { origin, label } = options;
  const note = managerNote(options.log, label);
  const probe = async () => probeHealth(origin, options.rootPath, 'mvi', await options.probeToken().catch(() => undefined), timing.healthTimeout);
  let status: ProcessStatus = 'starting';
  let stopped = false;
  let unwatch = () => {};
  const startedAt = new Date().toISOString();
  const watch = (serving: boolean) => {
    unwatch = watchHealth({ probe, interval: timing.healthInterval, failures: timing.healthFailures, serving, onChange: (now) => (status = now ? 'running' : 'unhealthy'), note });
  };
  note(`is at ${origin}`);

  const started = (async () => {
    if (options.retryFirstStart) return watch(false);
    const deadline = Date.now() + timing.startTimeout;
    while (!stopped && !(await probe())) {
      if (Date.now() > deadline) throw new Error(`${label} at ${origin} did not answer ${options.rootPath}/~health with 200 within ${timing.startTimeout / 1000} s`);
      await sleep(timing.probeInterval);
    }
    if (stopped) throw new Error(`${label} was stopped while starting`);
    status = 'running';
    watch(true);
  })();
  started.catch(() => {});

  return {
    get status() { return status; },
    pid: undefined,
    port: Number(new URL(origin).port || (origin.startsWith('https:') ? 443 : 80)),
    origin,
    startedAt,
    restarts: 0,
    started,
    async stop() {
      stopped = true;
      unwatch();
      status = 'stopped';
    },
  };
}
