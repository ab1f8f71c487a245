import { STATUS_CODES } from 'node:http';
import { fieldOf } from '../protocol/error-body.ts';

/** An error that answers with its own HTTP status and JSON body. */
export interface HttpError extends Error {
  /** HTTP status of the answer. */
  readonly status: number;
  /** JSON body of the answer: `{ detail, ... }`. */
  readonly body: { readonly detail: unknown } & Readonly<Record<string, unknown>>;
  /** Extra response headers (e.g. `Allow` on a 405). */
  readonly headers: Readonly<Record<string, string>>;
}

const HTTP_ERROR = Symbol.for('mvi.httpError');
const MAX_MESSAGE = 500;

const isLocated = (entry: unknown): entry is { readonly loc: readonly unknown[]; readonly msg: unknown } =>
  typeof entry === 'object' && entry !== null && 'loc' in entry && Array.isArray(entry.loc) && 'msg' in entry;

// What an uncaught error says in a test's output: `HTTP 422: name: Invalid type: …`, not `HTTP 422`.
function messageOf(status: number, detail: unknown): string {
  if (typeof detail === 'string') return detail;
  const what = Array.isArray(detail) && detail.every(isLocated)
    ? detail.map((entry) => `${fieldOf(entry.loc)}: ${String(entry.msg)}`).join('; ')
    : JSON.stringify(detail);
  const message = what ? `HTTP ${status}: ${what}` : `HTTP ${status}`;
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message;
}

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
  const text = detail ?? STATUS_CODES[status] ?? `HTTP ${status}`;
  const error = new Error(messageOf(status, text), { cause: options.cause });
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
