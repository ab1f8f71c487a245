import type { Clock } from './clock.ts';
import { isStoreFullError, type StoreFullError } from '../monitor/store-full-error.ts';
import { toStoredValue } from '../monitor/to-stored-value.ts';
import type { MonitorPoint, MonitorStore } from '../monitor/types.ts';
import type { Schema } from '../service/types.ts';
import { httpError } from './http-error.ts';
import { validateSync } from './validate.ts';

/** Turns named values into stored points, all of one call with one timestamp. */
export interface MonitorWriter {
  /** Stores `[variable, value]` pairs as they are (the engine's own variables). */
  write(entries: readonly (readonly [string, unknown])[]): void;
  /** What `ctx.store()` does: checks declared variables, skips undefined values, stores the rest. */
  store(values: Readonly<Record<string, unknown>>): void;
  /** Throws the 503 that a full store answers, so that a monitored call is refused before it runs. */
  assertRoom(): void;
}

// A full store never drops points in silence: the caller hears 503, and when to try again.
function unavailable(error: StoreFullError) {
  return httpError(503, error.message, { cause: error, headers: { 'Retry-After': String(error.retryAfter) } });
}

/** A writer into `store` that stamps points with `clock` and checks `declared` variables when given. */
export function createMonitorWriter(
  store: MonitorStore,
  clock: Clock,
  declared: Readonly<Record<string, Schema>> | undefined,
): MonitorWriter {
  const put = (points: readonly MonitorPoint[]) => {
    try {
      store.write(points);
    } catch (error) {
      throw isStoreFullError(error) ? unavailable(error) : error;
    }
  };
  const write = (entries: readonly (readonly [string, unknown])[]) => {
    const timestamp = clock.now();
    const points: MonitorPoint[] = [];
    for (const [variable, value] of entries) points.push({ variable, timestamp, value: toStoredValue(value) });
    put(points);
  };
  const check = (name: string, value: unknown) => {
    const schema = declared && Object.hasOwn(declared, name) ? declared[name] : undefined;
    if (!schema) throw new TypeError(`ctx.store(): "${name}" is not a declared monitoring variable`);
    try {
      validateSync(schema, value, ['store', name]);
    } catch (error) {
      // The handler's bug, not the client's: a plain error, so the answer is a 500.
      throw new TypeError(`ctx.store(): invalid value for "${name}": ${JSON.stringify((error as { body?: unknown }).body)}`);
    }
  };
  return {
    write,
    // A store refuses even an empty batch while it is full.
    assertRoom: () => put([]),
    store(values) {
      // Points made straight from the keys, no pairs in between: a handler may store thousands
      // of points a call, each on the thread that answers requests (~320 -> ~265 ns a point here).
      const timestamp = clock.now();
      const points: MonitorPoint[] = [];
      for (const variable in values) {
        if (!Object.hasOwn(values, variable)) continue;
        const value = values[variable];
        if (value === undefined) continue;
        if (declared) check(variable, value);
        points.push({ variable, timestamp, value: toStoredValue(value) });
      }
      put(points);
    },
  };
}
