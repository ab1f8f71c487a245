import type { ConsolaInstance } from 'consola';

/** Writes one access-log line, `POST /add 200 0.4ms`, timed from `started` (a `performance.now()`). */
export function logAccess(log: ConsolaInstance, method: string, path: string, status: number, started: number): void {
  log.info(`${method} ${path} ${status} ${(performance.now() - started).toFixed(1)}ms`);
}
