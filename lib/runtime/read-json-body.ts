import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { ServerRequest } from 'srvx';
import { httpError } from '../engine/http-error.ts';

/** A request body as sent and as parsed. */
export interface JsonBody {
  /** The bytes as text, exactly as sent. */
  readonly raw: string;
  /** The parsed JSON; `{}` for an empty body (the seed's clients always send one). */
  readonly value: unknown;
}

const aborted = () => new DOMException('The request was aborted.', 'AbortError');
const tooLarge = (limit: number) => httpError(413, `Request body is larger than ${limit} bytes`);

/**
 * Reads a Node request's body as text within `limit` bytes (413 beyond, the declared length
 * checked first); rejects with an AbortError when the client goes away before the end.
 */
export function readNodeBody(request: Readable & { readonly headers: IncomingHttpHeaders }, limit: number): Promise<string> {
  if (Number(request.headers['content-length']) > limit) return Promise.reject(tooLarge(limit));
  // Gone before it was read (its client left while a token was checked, say): no event would come.
  if (request.destroyed || request.readableEnded) return Promise.reject(aborted());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = () => request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      settle();
      reject(tooLarge(limit));
    };
    const onEnd = () => {
      settle();
      resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8'));
    };
    const onError = (error: Error) => {
      settle();
      reject(error);
    };
    const onClose = () => {
      settle();
      reject(aborted());
    };
    request.on('data', onData).once('end', onEnd).once('error', onError).once('close', onClose);
  });
}

/** Reads the body once as text, within `limit` bytes (413 beyond); a GET body too, as the seed's clients send one. */
export async function readBodyText(request: ServerRequest, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  // A web Request cannot carry a GET body, but the seed's clients send one: on Node, srvx
  // keeps the underlying IncomingMessage, which still has it.
  const node = request.runtime?.node?.req;
  if (request.method === 'GET') return node ? readNodeBody(node, limit) : '';
  // text() is srvx's fast path (request.body would wrap the stream in a web stream) and
  // enforces its maxRequestBodySize while reading; app.request() has no such limit, so the
  // length is checked again.
  let text: string;
  try {
    text = await request.text();
  } catch (error) {
    throw (error as { status?: unknown }).status === 413 ? tooLarge(limit) : error;
  }
  if (text.length > limit / 4 && Buffer.byteLength(text) > limit) throw tooLarge(limit);
  return text;
}

/** Reads the body once, within `limit` bytes (413 beyond), and parses it as JSON (422 when malformed). */
export async function readJsonBody(request: ServerRequest, limit: number): Promise<JsonBody> {
  return parseJsonBody(await readBodyText(request, limit));
}

/** A body's text parsed as JSON (422 when malformed); an empty one is `{}`. */
export function parseJsonBody(raw: string): JsonBody {
  if (raw.trim() === '') return { raw, value: {} };
  try {
    // A byte order mark (Windows tools write one) is no JSON, but says nothing either.
    return { raw, value: JSON.parse(raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw) };
  } catch (error) {
    throw httpError(422, [{ loc: ['body'], msg: `Invalid JSON: ${(error as Error).message}`, type: 'json_invalid' }]);
  }
}
