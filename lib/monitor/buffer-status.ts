import type { MonitorStoreStats, StoreStatus } from './types.ts';
import type { WriteBuffer } from './write-buffer.ts';

// Attempts in a row that fail before a store reports that it cannot write: one failure may be a
// worker being restarted or a connection being opened again.
const FAILURES_BEFORE_FAILING = 3;

/** What `/~health` tells of a store that writes through `buffer`, which holds at most `maxBuffered` points. */
export function bufferStatus(buffer: WriteBuffer, maxBuffered: number): StoreStatus {
  return {
    failing: buffer.failures >= FAILURES_BEFORE_FAILING ? String((buffer.lastError as Error)?.message ?? buffer.lastError) : undefined,
    full: buffer.size >= maxBuffered,
  };
}

/** What `/~metrics` tells of a store that writes through `buffer`. */
export function bufferStats(buffer: WriteBuffer): MonitorStoreStats {
  return { buffered: buffer.size, written: buffer.written, failed: buffer.failed, flushSeconds: buffer.flushSeconds() };
}
