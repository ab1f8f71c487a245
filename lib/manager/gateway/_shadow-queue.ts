/** A copy to send; it settles once the shadow's answer is read, and never rejects. */
export type CopyJob = () => Promise<void>;

/**
 * The copies waiting for one shadow: at most `concurrency` in flight and `limit` waiting, so a
 * slow or dead shadow holds a bounded amount of memory and never holds up main.
 */
export class ShadowQueue {
  readonly #limit: number;
  readonly #concurrency: number;
  #waiting: CopyJob[] = [];
  #running = 0;

  constructor(limit: number, concurrency: number) {
    this.#limit = limit;
    this.#concurrency = concurrency;
  }

  /** Whether `offer()` would take a job now. */
  hasRoom(): boolean {
    return this.#running < this.#concurrency || this.#waiting.length < this.#limit;
  }

  /** Starts or queues `job`; false when the queue is full and the copy is dropped. */
  offer(job: CopyJob): boolean {
    if (this.#running < this.#concurrency) {
      this.#run(job);
      return true;
    }
    if (this.#waiting.length >= this.#limit) return false;
    this.#waiting.push(job);
    return true;
  }

  /** Forgets the copies still waiting. */
  clear(): void {
    this.#waiting = [];
  }

  #run(job: CopyJob): void {
    this.#running++;
    const next = () => {
      this.#running--;
      const waiting = this.#waiting.shift();
      if (waiting) this.#run(waiting);
    };
    job().then(next, next);
  }
}
