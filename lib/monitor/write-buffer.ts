import type { ConsolaInstance } from 'consola';
import { mviLogger } from '../utilities/_logger.ts';
import { createHistogram } from './_histogram.ts';
import { storeFullError } from './store-full-error.ts';
import type { HistogramSnapshot, MonitorPoint, StoredValue } from './types.ts';

/**
 * Points of one variable in arrival order, as columns (see chunk-codec.js): `arrivals` numbers
 * each point in the order the buffer took it, across all variables; `lengths[i]` is the UTF-16
 * length of point i's text in `text`, or -1 when the point is the number `numbers[i]`. Typed
 * arrays and one string cross to the store's worker as a few copies of memory, where arrays of
 * values cost a step per value on both sides.
 */
export interface SeriesBatch {
  readonly variable: string;
  readonly times: Float64Array;
  readonly arrivals: Float64Array;
  readonly lengths: Int32Array;
  readonly numbers: Float64Array;
  readonly text: string;
}

const FIRST_CAPACITY = 64;
const FIRST_BYTES = 1024;
const NO_NUMBERS = new Float64Array(0);

// Doubled to at least `needed`, the first `used` entries kept.
function grown<T extends Float64Array | Int32Array | Buffer>(column: T, used: number, needed: number, make: (length: number) => T): T {
  let length = column.length * 2;
  while (length < needed) length *= 2;
  const next = make(length);
  next.set(column.subarray(0, used));
  return next;
}

/**
 * A series taking points, its columns grown as they fill. Its texts are written into `bytes` as
 * UTF-8 as they come, and become one string only when the series is sealed: a string kept per
 * point (or joined on as it comes) lives through the collections until the flush, and on a
 * monitored entrypoint every request body and answer would be promoted to the old generation.
 */
class FillingSeries {
  count = 0;
  times: Float64Array;
  arrivals: Float64Array;
  lengths: Int32Array;
  numbers = NO_NUMBERS;
  bytes: Buffer;
  byteCount = 0;

  // Sized by what the last series of the variable held, so that a steady flow does not grow its columns.
  constructor(readonly variable: string, capacity: number, byteCapacity: number) {
    this.times = new Float64Array(capacity);
    this.arrivals = new Float64Array(capacity);
    this.lengths = new Int32Array(capacity);
    this.bytes = Buffer.allocUnsafe(byteCapacity);
  }

  add(time: number, value: StoredValue, arrival: number): number {
    const i = this.count;
    if (i === this.times.length) this.grow();
    this.times[i] = time;
    this.arrivals[i] = arrival;
    if (typeof value === 'number') {
      if (this.numbers === NO_NUMBERS) this.numbers = new Float64Array(this.times.length);
      this.numbers[i] = value;
      this.lengths[i] = -1;
    } else {
      // At most 3 bytes of UTF-8 for each UTF-16 unit.
      const needed = this.byteCount + value.length * 3;
      if (needed > this.bytes.length) this.bytes = grown(this.bytes, this.byteCount, needed, Buffer.allocUnsafe);
      this.byteCount += this.bytes.write(value, this.byteCount);
      this.lengths[i] = value.length;
    }
    return (this.count = i + 1);
  }

  private grow() {
    const n = this.count;
    this.times = grown(this.times, n, n + 1, (length) => new Float64Array(length));
    this.arrivals = grown(this.arrivals, n, n + 1, (length) => new Float64Array(length));
    this.lengths = grown(this.lengths, n, n + 1, (length) => new Int32Array(length));
    if (this.numbers !== NO_NUMBERS) this.numbers = grown(this.numbers, n, n + 1, (length) => new Float64Array(length));
  }

  // Cut to size: a typed array crosses to a worker with its whole buffer.
  seal(): SeriesBatch {
    const n = this.count;
    return {
      variable: this.variable,
      times: this.times.slice(0, n),
      arrivals: this.arrivals.slice(0, n),
      lengths: this.lengths.slice(0, n),
      numbers: this.numbers === NO_NUMBERS ? NO_NUMBERS : this.numbers.slice(0, n),
      text: this.bytes.toString('utf8', 0, this.byteCount),
    };
  }
}

/** Options of {@link createWriteBuffer}. */
export interface WriteBufferOptions {
  /** Milliseconds from accepting a point to handing it to `persist`. */
  readonly interval: number;
  /** Most points handed to `persist` at once, and in one series (default 25 000). */
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

/**
 * A buffer that hands accepted points to `persist`, a series per variable, every `interval` and
 * on `flush()`; a failed attempt puts its series back in front, logs an error and retries later
 * with a growing delay.
 */
export function createWriteBuffer(persist: (batch: SeriesBatch[]) => Promise<void>, options: WriteBufferOptions): WriteBuffer {
  const maxBatch = options.maxBatch ?? 25_000;
  const maxPoints = options.maxPoints ?? Number.POSITIVE_INFINITY;
  const log = options.log ?? mviLogger;
  // Series still taking points, by variable, and full ones waiting in the order they filled.
  let filling = new Map<string, FillingSeries>();
  let waiting: SeriesBatch[] = [];
  // How many points and bytes of text the last series of each variable held: its next starts as large.
  const lastSizes = new Map<string, readonly [number, number]>();
  const seal = (series: FillingSeries) => {
    lastSizes.set(series.variable, [series.count, series.byteCount]);
    return series.seal();
  };
  const startSeries = (variable: string) => {
    const [count, bytes] = lastSizes.get(variable) ?? [0, 0];
    return new FillingSeries(variable, Math.max(FIRST_CAPACITY, count), Math.max(FIRST_BYTES, bytes));
  };
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

  // The next series to persist, at most maxBatch points in all (one series at least).
  const takeBatch = (): [SeriesBatch[], number] => {
    let count = 0;
    let end = 0;
    while (end < waiting.length && (end === 0 || count + waiting[end]!.times.length <= maxBatch)) count += waiting[end++]!.times.length;
    const batch = waiting.slice(0, end);
    waiting = waiting.slice(end);
    return [batch, count];
  };

  const persistUpTo = async (target: number) => {
    while (persisted < target) {
      const [batch, count] = takeBatch();
      const started = performance.now();
      try {
        await persist(batch);
      } catch (error) {
        waiting = batch.concat(waiting);
        failures += 1;
        failedPoints += count;
        lastError = error;
        const delay = retryDelay();
        log().error(
          `Could not store ${accepted - persisted} monitoring points (attempt ${failures}); they are kept and retried in ${delay} ms`,
          error,
        );
        schedule(delay);
        throw error;
      } finally {
        attempts.observe((performance.now() - started) / 1000);
      }
      persisted += count;
      failures = 0;
      lastError = undefined;
    }
    if (accepted > persisted) schedule(options.interval);
  };

  function flush(): Promise<void> {
    // Every point taken so far goes in line now, ahead of any taken later: the queue is in
    // arrival order, so the points counted as persisted are the oldest.
    if (filling.size > 0) {
      for (const series of filling.values()) waiting.push(seal(series));
      filling = new Map();
    }
    const target = accepted;
    const run = queue.then(() => persistUpTo(target));
    queue = run.catch(() => {});
    return run;
  }

  return {
    add(points) {
      // A batch that crosses the bound is taken whole: the bound only ever refuses whole batches.
      if (accepted - persisted >= maxPoints) throw storeFullError(accepted - persisted, retryDelay());
      for (const { variable, timestamp, value } of points) {
        let series = filling.get(variable);
        if (!series) filling.set(variable, (series = startSeries(variable)));
        if (series.add(timestamp, value, accepted++) === maxBatch) {
          filling.delete(variable);
          waiting.push(seal(series));
        }
      }
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
