import { Readable } from 'node:stream';
import type { H3Event } from 'h3';

/**
 * The body to forward, as a stream that is read only as the upstream takes it; undefined when
 * the request has none. Under srvx on Node it is the request itself (srvx would wrap it in a web
 * stream, and hides a GET's body, which the seed's clients send); elsewhere the web stream.
 */
export function requestBody(event: H3Event): Readable | undefined {
  const node = event.runtime?.node?.req;
  if (node === undefined) return event.req.body === null ? undefined : Readable.fromWeb(event.req.body);
  const length = node.headers['content-length'];
  const framed = (length !== undefined && length !== '0') || node.headers['transfer-encoding'] !== undefined;
  return framed ? node : undefined;
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
