import { consola } from 'consola';

// Each closer with what it closes, for the line a signal logs.
const closers = new Map<() => Promise<void>, string>();
let shuttingDown = false;

async function onSignal(signal: NodeJS.Signals): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  consola.info(`${signal}: closing ${[...closers.values()].join(', ')}`);
  // Every service of the process closes before it exits: one finishing early must not cut
  // another's flush short.
  const results = await Promise.allSettled([...closers.keys()].map((close) => close()));
  const failed = results.filter((result) => result.status === 'rejected');
  for (const failure of failed) consola.error('Shutdown failed:', (failure as PromiseRejectedResult).reason);
  process.exit(failed.length ? 1 : 0);
}

/**
 * Closes `close` (with every other registered service) on SIGINT or SIGTERM, then exits the
 * process; `what` says what it closes (`hello 1.0.0, flushing its monitoring data`). Returns the
 * function that unregisters it.
 */
export function closeOnSignal(close: () => Promise<void>, what: string): () => void {
  if (closers.size === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  closers.set(close, what);
  return () => {
    closers.delete(close);
    if (closers.size === 0 && !shuttingDown) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  };
}
