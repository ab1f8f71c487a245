import type { ConsolaInstance } from 'consola';
import type { InvokeResult } from '../engine/create-engine.ts';
import { ownAnswer } from '../engine/handler-failure.ts';
import { httpError } from '../engine/http-error.ts';
import { fastResponse } from './fast-response.ts';

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

/** A JSON answer; strings are JSON strings too (`"OK"`), as the seed's clients expect. */
export function jsonResponse(value: unknown, status = 200, headers?: Readonly<Record<string, string>>): Response {
  return jsonTextResponse(JSON.stringify(value ?? null), status, headers);
}

/** The JSON text of an entrypoint's answer: the engine's own when it wrote one (to monitor it), else the value's. */
export const answerJson = ({ value, json }: InvokeResult): string => json ?? JSON.stringify(value ?? null);

/** A JSON answer of text that is JSON already. */
export function jsonTextResponse(json: string, status = 200, headers?: Readonly<Record<string, string>>): Response {
  return fastResponse(json, headers ? { ...JSON_HEADERS, ...headers } : JSON_HEADERS, status);
}

// What an app's `onError` gets for an error a route threw that is not h3's own HTTPError: an
// HTTPError marked `unhandled` whose cause is the thrown error, which holds the answer.
const thrownBy = (error: unknown): unknown =>
  error instanceof Error && (error as { unhandled?: unknown }).unhandled === true && error.cause !== undefined ? error.cause : error;

/** The JSON answer for any error: an HttpError (or h3's `HTTPError`) keeps its status and body, anything else is a logged 500. */
export function errorResponse(error: unknown, log: ConsolaInstance): Response {
  error = thrownBy(error);
  const own = ownAnswer(error);
  if (own) return jsonResponse(own.body, own.status, own.headers);
  log.error('Unhandled error:', error);
  const fallback = httpError(500, 'Internal Server Error');
  return jsonResponse(fallback.body, 500);
}
