import type { WorkerRpc } from './worker-rpc.ts';

/** A worker thread that is started again when it crashes, once its first start succeeded. */
export interface RestartingWorker {
  /** The first start. */
  readonly first: Promise<WorkerRpc>;
  /** The worker to call; after a crash, or a restart that failed, it is started (again) first. */
  get(): Promise<WorkerRpc>;
  /** No more restarts on a crash (`get()` still starts one): the owner is closing. */
  stopRestarting(): void;
}

/**
 * Starts a worker with `start` (which hands it the function to tell of a crash), and starts it
 * again at once when it crashes, telling `onRestart` why. A first start that fails is final.
 */
export function restartingWorker(start: (onCrash: (error: Error) => void) => Promise<WorkerRpc>, onRestart: (error: Error) => void): RestartingWorker {
  let opened = false;
  let restarting = true;
  let broken = false;
  let generation = 0;
  let current: Promise<WorkerRpc>;
  const launch = (): Promise<WorkerRpc> => {
    const mine = ++generation;
    broken = false;
    // Only the latest worker's crash counts: an older one was replaced already.
    current = start((error) => {
      if (mine !== generation) return;
      broken = true;
      if (!opened || !restarting) return;
      onRestart(error);
      launch().catch(() => {}); // a failed restart reaches the next get()
    });
    current.catch(() => {
      if (mine === generation) broken = true;
    });
    return current;
  };
  const first = launch();
  first.then(() => (opened = true), () => {});
  return {
    first,
    get: () => (broken && opened ? launch() : current),
    stopRestarting() {
      restarting = false;
    },
  };
}
