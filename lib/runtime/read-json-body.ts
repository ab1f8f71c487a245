import type { ServerRequest } from 'srvx';
import { httpError } from '../engine/http-error.ts';

/** A request body as sent and as parsed. */
export interface JsonBody {
  /** The bytes as text, exactly as sent. */
  readonly raw: string;
  /** The parsed JSON; `{}` for an empty body (the seed's clients always send one). */
  readonly value: unknown;
}

const tooLarge = (limit: number) => httpError(413, `Request body is larger than ${limit} bytes`);

async function readStream(stream: AsyncIterable<Uint8Array>, limit: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads the body once as text, within `limit` bytes (413 beyond); a GET body too, as the seed's clients send one. */
export async function readBodyText(request: ServerRequest, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  // A web Request cannot carry a GET body, but the seed's clients send one: on Node, srvx
  // keeps the underlying IncomingMessage, which still has it.
  const node = request.runtime?.node?.req;
  if (request.method === 'GET') return node ? readStream(node, limit) : '';
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
  const raw = await readBodyText(request, limit);
  if (raw.trim() === '') return { raw, value: {} };
  try {
    // A byte order mark (Windows tools write one) is no JSON, but says nothing either.
    return { raw, value: JSON.parse(raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw) };
  } catch (error) {
    throw httpError(422, [{ loc: ['body'], msg: `Invalid JSON: ${(error as Error).message}`, type: 'json_invalid' }]);
  }
}
