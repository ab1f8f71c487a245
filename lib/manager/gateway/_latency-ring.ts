/** p50 and p99 in milliseconds; null before anything was measured. */
export interface Percentiles {
  readonly p50: number | null;
  readonly p99: number | null;
}

/** The last `size` latencies of one kind, in a fixed amount of memory. */
export class LatencyRing {
  readonly #values: Float64Array;
  #next = 0;
  #count = 0;

  constructor(size: number) {
    this.#values = new Float64Array(size);
  }

  add(ms: number): void {
    this.#values[this.#next] = ms;
    this.#next = (this.#next + 1) % this.#values.length;
    if (this.#count < this.#values.length) this.#count++;
  }

  /** Nearest-rank percentiles of the latencies kept, rounded to 0.01 ms. */
  percentiles(): Percentiles {
    if (this.#count === 0) return { p50: null, p99: null };
    const sorted = this.#values.slice(0, this.#count).sort();
    const rank = (p: number) => Math.round(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]! * 100) / 100;
    return { p50: rank(0.5), p99: rank(0.99) };
  }
}
