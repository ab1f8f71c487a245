import { isServiceCallError } from '../communication/service-call-error.ts';
import { httpError, isHttpError, type HttpError } from './http-error.ts';

/** The parts of h3's `HTTPError` that make an answer. */
interface H3HttpError extends Error {
  readonly status: number;
  readonly headers?: Headers;
  readonly data?: unknown;
  readonly unhandled?: boolean;
}

// h3's own test (`HTTPError.isError`), so that the engine needs no h3 to know its errors.
const isH3HttpError = (error: unknown): error is H3HttpError =>
  error instanceof Error && error.name === 'HTTPError' && 'status' in error && typeof error.status === 'number';

/**
 * The answer an error carries itself: an HttpError as it is; an h3 `HTTPError` (thrown by h3
 * code, or by a handler written the h3 way) with its status, message, headers and `data`;
 * undefined for any other error, and for one h3 marked `unhandled` (a wrapped crash).
 */
export function ownAnswer(error: unknown): HttpError | undefined {
  if (isHttpError(error)) return error;
  if (!isH3HttpError(error) || error.unhandled || error.status < 400 || error.status > 599) return undefined;
  // Without a message h3 makes one up ("HTTPError 409"): the standard reason phrase reads better.
  const detail = /^HTTPError\b/.test(error.message) ? undefined : error.message;
  return httpError(error.status, detail, {
    cause: error,
    headers: error.headers ? Object.fromEntries(error.headers) : {},
    extra: error.data === undefined ? {} : { data: error.data },
  });
}

/**
 * The answer to an error a handler threw: its own answer when it carries one; a failed call to
 * another service as 502 (the upstream's fault); anything else as 500. Internals go in the body
 * only when `expose` is set (development).
 */
export function toHandlerFailure(error: unknown, expose: boolean): HttpError {
  const own = ownAnswer(error);
  if (own) return own;
  if (isServiceCallError(error)) {
    return httpError(502, 'A call to another service failed', {
      cause: error,
      extra: expose ? { error: error.message, upstream: { status: error.status, data: error.data } } : {},
    });
  }
  return httpError(500, 'Internal Server Error', {
    cause: error,
    extra: expose ? { error: String((error as Error)?.message ?? error) } : {},
  });
}
