/** What `MonitorStore.write()` throws while its write buffer is at its bound: none of the points were taken. */
export interface StoreFullError extends Error {
  /** Whole seconds until the store next tries to write, what a `Retry-After` header says. */
  readonly retryAfter: number;
}

const STORE_FULL = Symbol.for('mvi.storeFull');

/** The error for a write refused because `buffered` points wait, the next attempt `retryInMs` away. */
export function storeFullError(buffered: number, retryInMs: number): StoreFullError {
  const retryAfter = Math.max(1, Math.ceil(retryInMs / 1000));
  const message = `The monitoring store is full: ${buffered} points wait to be written; try again in ${retryAfter} s`;
  return Object.assign(new Error(message), { name: 'StoreFullError', retryAfter, [STORE_FULL]: true });
}

/** Whether `error` was made by {@link storeFullError}. */
export function isStoreFullError(error: unknown): error is StoreFullError {
  return typeof error === 'object' && error !== null && STORE_FULL in error;
}
