import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

/**
 * The body to forward: the request itself, as a stream (the gateway reads a small one whole
 * first); undefined when it frames none (a GET's body, which the seed's clients send, is
 * forwarded too).
 */
export function requestBody(request: IncomingMessage): IncomingMessage | undefined {
  const length = request.headers['content-length'];
  const framed = (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
  return framed ? request : undefined;
}

async function* thenRest(read: readonly Buffer[], rest: Readable): AsyncGenerator<Buffer> {
  yield* read;
  yield* rest;
}

/**
 * Reads `body` whole while it stays within `limit` bytes (the copies for the shadows need it
 * again, and a body can be read once); past the limit, a stream of what was read and the rest.
 */
export function readUpTo(body: Readable, limit: number): Promise<Buffer | Readable> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => body.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size <= limit) return;
      body.pause();
      stop();
      resolve(Readable.from(thenRest(chunks, body), { objectMode: false }));
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    const onClose = () => onError(new Error('the request was closed before its body ended'));
    body.on('data', onData).once('end', onEnd).once('error', onError).once('close', onClose);
  });
}
