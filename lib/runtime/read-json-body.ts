import { httpError } from '../engine/http-error.ts';

/** A request body as sent and as parsed. */
export interface JsonBody {
  /** The bytes as text, exactly as sent. */
  readonly raw: string;
  /** The parsed JSON; `{}` for an empty body (the seed's clients always send one). */
  readonly value: unknown;
}

async function readText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw httpError(413, `Request body is larger than ${limit} bytes`);
  if (!request.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw httpError(413, `Request body is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads the body once, within `limit` bytes (413 beyond), and parses it as JSON (422 when malformed). */
export async function readJsonBody(request: Request, limit: number): Promise<JsonBody> {
  const raw = await readText(request, limit);
  if (raw.trim() === '') return { raw, value: {} };
  try {
    return { raw, value: JSON.parse(raw) };
  } catch (error) {
    throw httpError(422, [{ loc: ['body'], msg: `Invalid JSON: ${(error as Error).message}`, type: 'json_invalid' }]);
  }
}
