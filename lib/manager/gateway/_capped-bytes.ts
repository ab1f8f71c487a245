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

  /** All the bytes, or undefined when they went past the limit. */
  get value(): Buffer | undefined {
    if (this.#over) return undefined;
    return this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#size);
  }
}
