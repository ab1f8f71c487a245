/** Bytes collected up to a limit: past it, they are let go and the whole counts as too large. */
export class CappedBytes {
  readonly #limit: number;
  #chunks: Buffer[] = [];
  #size = 0;
  #over = false;

  constructor(limit: number) {
    this.#limit = limit;
  }

  add(chunk: Buffer): void {
    if (this.#over) return;
    this.#size += chunk.length;
    if (this.#size > this.#limit) {
      this.#over = true;
      this.#chunks = [];
      return;
    }
    this.#chunks.push(chunk);
  }

  /**
   * All the bytes in memory of their own (`Buffer.concat` copies even one chunk), or undefined
   * when they went past the limit. A chunk is a slice of what the socket read: main's answer
   * waits beside a queued copy for as long as a slow shadow takes, and a kept slice made the
   * manager promote ~7x the bytes per scavenge (see withOwnBody in _mirror.ts).
   */
  get value(): Buffer | undefined {
    return this.#over ? undefined : Buffer.concat(this.#chunks, this.#size);
  }
}
