import { consola } from 'consola';

const closers = new Set<() => Promise<void>>();
let shuttingDown = false;

async function onSignal(signal: NodeJS.Signals): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  consola.info(`${signal}: closing ${closers.size} service(s) and flushing their monitoring data`);
  // Every service of the process closes before it exits: one finishing early must not cut
  // another's flush short.
  const results = await Promise.allSettled([...closers].map((close) => close()));
  const failed = results.filter((result) => result.status === 'rejected');
  for (const failure of failed) consola.error('Shutdown failed:', (failure as PromiseRejectedResult).reason);
  process.exit(failed.length ? 1 : 0);
}

/**
 * Closes `close` (with every other registered service) on SIGINT or SIGTERM, then exits the
 * process; returns the function that unregisters it.
 */
export function closeOnSignal(close: () => Promise<void>): () => void {
  if (closers.size === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  closers.add(close);
  return () => {
    closers.delete(close);
    if (closers.size === 0 && !shuttingDown) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  };
}
