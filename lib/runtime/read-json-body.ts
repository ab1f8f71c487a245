import type { ServerRequest } from 'srvx';
import { httpError } from '../engine/http-error.ts';

/** A request body as sent and as parsed. */
export interface JsonBody {
  /** The bytes as text, exactly as sent. */
  readonly raw: string;
  /** The parsed JSON; `{}` for an empty body (the seed's clients always send one). */
  readonly value: unknown;
}

// A web Request cannot carry a GET body, but the seed's clients send one: on Node, srvx keeps
// the underlying IncomingMessage, which still has it.
function bodyStream(request: ServerRequest): AsyncIterable<Uint8Array> | undefined {
  return request.body ?? (request.method === 'GET' ? request.runtime?.node?.req : undefined);
}

async function readText(request: ServerRequest, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw httpError(413, `Request body is larger than ${limit} bytes`);
  const stream = bodyStream(request);
  if (!stream) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > limit) throw httpError(413, `Request body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads the body once, within `limit` bytes (413 beyond), and parses it as JSON (422 when malformed). */
export async function readJsonBody(request: ServerRequest, limit: number): Promise<JsonBody> {
  const raw = await readText(request, limit);
  if (raw.trim() === '') return { raw, value: {} };
  try {
    return { raw, value: JSON.parse(raw) };
  } catch (error) {
    throw httpError(422, [{ loc: ['body'], msg: `Invalid JSON: ${(error as Error).message}`, type: 'json_invalid' }]);
  }
}
