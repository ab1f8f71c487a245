/** A copy to send; it settles once the shadow's answer is read, and never rejects. */
export type CopyJob = () => Promise<void>;

// Waiting copies start up to this early: a timer cannot wait less than a millisecond, and a fast
// shadow's spacing is a fraction of one.
const SLACK_MS = 1;
// Weight of the latest copy in the running mean of how long copies take.
const WEIGHT = 0.2;

/**
 * The copies waiting for one shadow: at most `concurrency` in flight and `limit` waiting, so a
 * slow or dead shadow holds a bounded amount of memory and never holds up main.
 *
 * Waiting copies start spaced by the shadow's latency over the concurrency, not as slots free up:
 * a shadow that takes about as long over every copy (a 1 s sleep, a model's inference) answers
 * the copies that started together together, and each answer started the next at once, so the
 * gateway met a burst of `concurrency` answers, comparisons and sends every round, in the middle of
 * main's traffic. Spaced, they come at the rate the shadow takes them, one at a time.
 */
export class ShadowQueue {
  readonly #limit: number;
  readonly #concurrency: number;
  #waiting: CopyJob[] = [];
  #running = 0;
  // Running mean of the copies' durations in ms (0 until one settles), and when the next waiting
  // copy may start (performance.now()).
  #latency = 0;
  #nextStart = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(limit: number, concurrency: number) {
    this.#limit = limit;
    this.#concurrency = concurrency;
  }

  /** Whether `offer()` would take a job now. */
  hasRoom(): boolean {
    return this.#startsAtOnce() || this.#waiting.length < this.#limit;
  }

  /** Starts or queues `job`; false when the queue is full and the copy is dropped. */
  offer(job: CopyJob): boolean {
    if (this.#startsAtOnce()) {
      this.#run(job);
      return true;
    }
    if (this.#waiting.length >= this.#limit) return false;
    this.#waiting.push(job);
    this.#startWaiting();
    return true;
  }

  /** Forgets the copies still waiting. */
  clear(): void {
    this.#waiting = [];
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  // A free slot and no copy ahead in line.
  #startsAtOnce(): boolean {
    return this.#running < this.#concurrency && this.#waiting.length === 0;
  }

  #run(job: CopyJob): void {
    this.#running++;
    const started = performance.now();
    const settled = () => {
      this.#running--;
      const ms = performance.now() - started;
      this.#latency = this.#latency === 0 ? ms : this.#latency + WEIGHT * (ms - this.#latency);
      this.#startWaiting();
    };
    job().then(settled, settled);
  }

  // Starts waiting copies in the free slots, each no sooner than its turn; waits for the next turn.
  #startWaiting(): void {
    while (this.#running < this.#concurrency && this.#waiting.length > 0) {
      const now = performance.now();
      const early = this.#nextStart - now;
      if (early > SLACK_MS) {
        this.#timer ??= setTimeout(() => {
          this.#timer = undefined;
          this.#startWaiting();
        }, early).unref();
        return;
      }
      this.#nextStart = Math.max(this.#nextStart, now) + this.#latency / this.#concurrency;
      this.#run(this.#waiting.shift()!);
    }
  }
}
