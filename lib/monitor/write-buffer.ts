import type { ConsolaInstance } from 'consola';
import { mviLogger } from '../utilities/_logger.ts';
import { createHistogram } from './_histogram.ts';
import { storeFullError } from './store-full-error.ts';
import type { HistogramSnapshot, MonitorPoint } from './types.ts';

/** Points as four parallel columns, the shape one multi-row insert takes; `num` or `txt` is null. */
export interface PointColumns {
  readonly variable: string[];
  readonly timestamp: number[];
  readonly num: (number | null)[];
  readonly txt: (string | null)[];
}

/** Options of {@link createWriteBuffer}. */
export interface WriteBufferOptions {
  /** Milliseconds from accepting a point to handing it to `persist`. */
  readonly interval: number;
  /** Most points handed to `persist` at once (default 25 000). */
  readonly maxBatch?: number;
  /** Most points held: `add()` refuses points while this many wait (default: no bound). */
  readonly maxPoints?: number;
  /** The logger of failed attempts, looked up at each (default: mvi's). */
  readonly log?: () => ConsolaInstance;
}

/** Points accepted in memory and persisted in order, in batches, retried until they are stored. */
export interface WriteBuffer {
  /** Appends points, persisting them later; throws a `StoreFullError`, taking none, while `maxPoints` wait. */
  add(points: readonly MonitorPoint[]): void;
  /** Resolves once every point added before the call is persisted; rejects if an attempt fails. */
  flush(): Promise<void>;
  /** How many points are accepted but not persisted yet. */
  readonly size: number;
  /** How many points are persisted. */
  readonly written: number;
  /** How many points were in attempts that failed (each retried). */
  readonly failed: number;
  /** How long each attempt took, in seconds. */
  flushSeconds(): HistogramSnapshot;
  /** How many attempts failed in a row: 0 once one succeeds. */
  readonly failures: number;
  /** The error of the last failed attempt while `failures` > 0. */
  readonly lastError: unknown;
  /** Cancels scheduled flushes; `flush()` still works. */
  stop(): void;
}

const MAX_RETRY_DELAY = 30_000;

function emptyColumns(): PointColumns {
  return { variable: [], timestamp: [], num: [], txt: [] };
}

function sliceColumns(columns: PointColumns, start: number, end?: number): PointColumns {
  return {
    variable: columns.variable.slice(start, end),
    timestamp: columns.timestamp.slice(start, end),
    num: columns.num.slice(start, end),
    txt: columns.txt.slice(start, end),
  };
}

function joinColumns(first: PointColumns, second: PointColumns): PointColumns {
  return {
    variable: first.variable.concat(second.variable),
    timestamp: first.timestamp.concat(second.timestamp),
    num: first.num.concat(second.num),
    txt: first.txt.concat(second.txt),
  };
}

/**
 * A buffer that hands accepted points to `persist` every `interval` and on `flush()`; a failed
 * attempt puts its points back in front, logs an error and retries later with a growing delay.
 */
export function createWriteBuffer(persist: (batch: PointColumns) => Promise<void>, options: WriteBufferOptions): WriteBuffer {
  const maxBatch = options.maxBatch ?? 25_000;
  const maxPoints = options.maxPoints ?? Number.POSITIVE_INFINITY;
  const log = options.log ?? mviLogger;
  let pending = emptyColumns();
  // Counters, not the buffer's length, tell a flush when the points it waits for are stored.
  let accepted = 0;
  let persisted = 0;
  let failures = 0;
  let failedPoints = 0;
  const attempts = createHistogram();
  let lastError: unknown;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let queue: Promise<void> = Promise.resolve();

  const retryDelay = () => (failures === 0 ? options.interval : Math.min(options.interval * 2 ** failures, MAX_RETRY_DELAY));

  const schedule = (delay: number) => {
    if (timer || stopped) return;
    // A referenced timer keeps the process alive until accepted points are stored.
    timer = setTimeout(() => {
      timer = undefined;
      flush().catch(() => {}); // already logged; retried on schedule
    }, delay);
  };

  const persistUpTo = async (target: number) => {
    while (persisted < target) {
      const batch = pending.variable.length > maxBatch ? sliceColumns(pending, 0, maxBatch) : pending;
      pending = batch === pending ? emptyColumns() : sliceColumns(pending, maxBatch);
      const started = performance.now();
      try {
        await persist(batch);
      } catch (error) {
        pending = joinColumns(batch, pending);
        failures += 1;
        failedPoints += batch.variable.length;
        lastError = error;
        const delay = retryDelay();
        log().error(
          `Could not store ${pending.variable.length} monitoring points (attempt ${failures}); they are kept and retried in ${delay} ms`,
          error,
        );
        schedule(delay);
        throw error;
      } finally {
        attempts.observe((performance.now() - started) / 1000);
      }
      persisted += batch.variable.length;
      failures = 0;
      lastError = undefined;
    }
    if (pending.variable.length > 0) schedule(options.interval);
  };

  function flush(): Promise<void> {
    const target = accepted;
    const run = queue.then(() => persistUpTo(target));
    queue = run.catch(() => {});
    return run;
  }

  return {
    add(points) {
      // A batch that crosses the bound is taken whole: the bound only ever refuses whole batches.
      if (accepted - persisted >= maxPoints) throw storeFullError(accepted - persisted, retryDelay());
      for (const point of points) {
        const isNumber = typeof point.value === 'number';
        pending.variable.push(point.variable);
        pending.timestamp.push(point.timestamp);
        pending.num.push(isNumber ? (point.value as number) : null);
        pending.txt.push(isNumber ? null : (point.value as string));
      }
      accepted += points.length;
      // While attempts fail, the retry's growing delay decides when to try again.
      if (points.length > 0 && failures === 0) schedule(options.interval);
    },
    flush,
    get size() {
      return accepted - persisted;
    },
    get written() {
      return persisted;
    },
    get failed() {
      return failedPoints;
    },
    flushSeconds: () => attempts.snapshot(),
    get failures() {
      return failures;
    },
    get lastError() {
      return lastError;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
