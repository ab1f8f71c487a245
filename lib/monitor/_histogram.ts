import type { HistogramSnapshot } from './types.ts';

/** Upper bounds in seconds from half a millisecond to ten seconds: a request, a job, or a flush. */
export const SECONDS_BUCKETS: readonly number[] = Object.freeze([0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);

/** Counts observations per bucket, as a Prometheus histogram does. */
export interface Histogram {
  /** Adds one observation; no allocation, so it may sit on a request's path. */
  observe(value: number): void;
  /** The counts so far, cumulative. */
  snapshot(): HistogramSnapshot;
}

/** A histogram with the ascending upper `bounds` (the `+Inf` bucket is implied). */
export function createHistogram(bounds: readonly number[] = SECONDS_BUCKETS): Histogram {
  // One count per bucket, not cumulative: an observation touches one slot, the snapshot adds up.
  const counts = new Float64Array(bounds.length + 1);
  let sum = 0;
  return {
    observe(value) {
      let i = 0;
      while (i < bounds.length && value > bounds[i]!) i++;
      counts[i] = counts[i]! + 1;
      sum += value;
    },
    snapshot() {
      const cumulative: number[] = [];
      let total = 0;
      for (const count of counts) cumulative.push((total += count));
      return { bounds, cumulative, sum };
    },
  };
}
