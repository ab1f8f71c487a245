/** An error that answers with its own HTTP status and JSON body. */
export interface HttpError extends Error {
  /** HTTP status of the answer. */
  readonly status: number;
  /** JSON body of the answer: `{ detail, ... }`. */
  readonly body: { readonly detail: unknown } & Readonly<Record<string, unknown>>;
  /** Extra response headers (e.g. `Allow` on a 405). */
  readonly headers: Readonly<Record<string, string>>;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 409: 'Conflict', 412: 'Precondition Failed', 413: 'Payload Too Large',
  422: 'Unprocessable Entity', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
};

const HTTP_ERROR = Symbol.for('mvi.httpError');

/**
 * Makes an error that a handler can throw to answer with `status` and `{ detail }`.
 * @example throw httpError(409, 'Already rolled')
 */
export function httpError(
  status: number,
  detail?: unknown,
  options: { readonly headers?: Readonly<Record<string, string>>; readonly cause?: unknown; readonly extra?: Readonly<Record<string, unknown>> } = {},
): HttpError {
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new TypeError(`httpError: status must be an integer from 400 to 599, got ${status}`);
  }
  const text = detail ?? STATUS_TEXT[status] ?? `HTTP ${status}`;
  const error = new Error(typeof text === 'string' ? text : `HTTP ${status}`, { cause: options.cause });
  return Object.assign(error, {
    name: 'HttpError',
    status,
    body: { detail: text, ...options.extra },
    headers: options.headers ?? {},
    [HTTP_ERROR]: true,
  });
}

/** Whether `error` was made by {@link httpError}. */
export function isHttpError(error: unknown): error is HttpError {
  return typeof error === 'object' && error !== null && HTTP_ERROR in error;
}
