import type { Readable, Writable } from 'node:stream';

/** A body srvx sends with a plain `pipe()`: it has `pipe` and `destroy`, no `on`. */
export interface PipeOnly extends AsyncIterable<Uint8Array> {
  pipe(destination: Writable): void;
  destroy(): void;
}

/**
 * `body` as srvx sends it cheapest: given a stream, srvx sends it through `stream/promises`
 * pipeline, which makes an AbortController and aborts it (a DOMException) for every answer
 * (~15 % of the gateway's CPU, bench/gateway.ts). What pipeline did is done here: a failed
 * upstream cuts the answer, a caller gone cuts the upstream.
 */
export function pipeOnly(body: Readable): PipeOnly {
  return {
    pipe(destination) {
      body.once('error', () => destination.destroy());
      destination.once('close', () => body.destroy());
      body.pipe(destination);
    },
    destroy: () => body.destroy(),
    [Symbol.asyncIterator]: () => body[Symbol.asyncIterator](),
  };
}
