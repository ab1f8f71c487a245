import type { Writable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { CappedBytes } from './_capped-bytes.ts';
import { responseHeaders } from './_response-headers.ts';

/** Main's answer as the caller gets it: status, headers, and a body to pipe into the caller's response. */
export interface RelayedAnswer {
  readonly status: number;
  /** Names and values alternating. */
  readonly headers: string[];
  readonly contentType: string | undefined;
  readonly body: { pipe(destination: Writable): void; destroy(): void };
}

/** Watches main's answer on its way: a copy of its bytes up to `limit`, and how it ended. */
export interface AnswerTap {
  readonly limit: number | undefined;
  /** The last byte passed; `bytes` is the copy (undefined past the limit, or without one). */
  ended(status: number, contentType: string | undefined, bytes: Buffer | undefined): void;
  /** The answer was cut: the service failed in the middle of it, or the caller went away. */
  cut(): void;
}

// Chunks kept while the body is not yet piped; past this, the service is held back.
const PENDING_BYTES = 64 * 1024;

/**
 * An undici dispatch handler that writes main's answer straight into the caller's response.
 * undici's `request()` reads header values as UTF-8, and Node refuses to write back a character
 * past U+00FF: a service's `€` in a header became a 500. Here values stay latin1 both ways, so
 * every byte reaches the caller as it was; and no Readable is made per answer.
 */
class AnswerRelay implements Dispatcher.DispatchHandlers {
  readonly #tap: AnswerTap;
  readonly #bytes: CappedBytes | undefined;
  readonly #answered: (answer: RelayedAnswer) => void;
  readonly #failed: (error: Error) => void;
  #abort: ((error?: Error) => void) | undefined;
  #resume: (() => void) | undefined;
  #destination: Writable | undefined;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #status = 0;
  #contentType: string | undefined;
  #state: 'streaming' | 'complete' | 'cut' = 'streaming';

  constructor(tap: AnswerTap, answered: (answer: RelayedAnswer) => void, failed: (error: Error) => void) {
    this.#tap = tap;
    this.#bytes = tap.limit === undefined ? undefined : new CappedBytes(tap.limit);
    this.#answered = answered;
    this.#failed = failed;
  }

  onConnect(abort: (error?: Error) => void): void {
    this.#abort = abort;
  }

  onHeaders(status: number, raw: Buffer[], resume: () => void): boolean {
    // 1xx answers are undici's business (100 Continue and the like).
    if (status < 200) return true;
    this.#status = status;
    this.#resume = resume;
    const { headers, contentType } = responseHeaders(raw);
    this.#contentType = contentType;
    const body = { pipe: (destination: Writable) => this.#pipe(destination), destroy: () => this.#cut() };
    this.#answered({ status, headers, contentType, body });
    return true;
  }

  onData(chunk: Buffer): boolean {
    // undici may still hand over what it had parsed when the caller went away.
    if (this.#state === 'cut') return false;
    this.#bytes?.add(chunk);
    if (this.#destination) return this.#destination.write(chunk);
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    return this.#pendingBytes < PENDING_BYTES;
  }

  onComplete(): void {
    this.#state = 'complete';
    this.#destination?.end();
    this.#tap.ended(this.#status, this.#contentType, this.#bytes?.value);
  }

  onError(error: Error): void {
    if (this.#status === 0) return this.#failed(error);
    this.#cut();
  }

  #pipe(destination: Writable): void {
    this.#destination = destination;
    destination.on('drain', () => this.#resume?.());
    destination.once('close', () => this.#cut());
    for (const chunk of this.#pending) destination.write(chunk);
    this.#pending = [];
    if (this.#state === 'complete') destination.end();
    else if (this.#state === 'cut') destination.destroy();
    else this.#resume?.();
  }

  // Ends a relay that has not completed: the service's request and the caller's answer are cut.
  #cut(): void {
    if (this.#state !== 'streaming') return;
    this.#state = 'cut';
    this.#pending = [];
    this.#abort?.();
    this.#destination?.destroy();
    this.#tap.cut();
  }
}

/**
 * Sends a request to main and resolves with its answer once its headers came, its body relayed
 * as the caller reads it; rejects when no answer came (the caller then answers 502).
 */
export function relayAnswer(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, tap: AnswerTap): Promise<RelayedAnswer> {
  return new Promise((resolve, reject) => {
    dispatcher.dispatch(options, new AnswerRelay(tap, resolve, reject));
  });
}
