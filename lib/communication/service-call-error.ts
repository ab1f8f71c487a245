/** Why a call to another service, or to the manager, failed. */
export interface ServiceCallError extends Error {
  readonly name: 'ServiceCallError';
  /** HTTP status of the answer; undefined when none came (unreachable, timed out, aborted). */
  readonly status: number | undefined;
  /** The parsed body of the failing answer, such as the callee's `{ detail }`. */
  readonly data: unknown;
  /** The URL of the request that failed (the last one, after redirects), without its query. */
  readonly url: string;
  /** Its HTTP method. */
  readonly method: string;
}

/** What a {@link ServiceCallError} carries besides its message. */
export interface ServiceCallErrorFields {
  /** HTTP status of the answer, if one came. */
  readonly status?: number | undefined;
  /** Its parsed body. */
  readonly data?: unknown;
  /** The URL requested. */
  readonly url: string;
  /** The HTTP method used. */
  readonly method: string;
  /** The underlying failure, such as fetch's network error. */
  readonly cause?: unknown;
}

const SERVICE_CALL_ERROR = Symbol.for('mvi.serviceCallError');

// A GET call's query holds its arguments, which are logged at debug level only: an error is
// logged at error level, so neither it nor its cause may carry them.
function redactQuery(cause: unknown, query: string): unknown {
  if (!query || !(cause instanceof Error) || !cause.message.includes(query)) return cause;
  const redacted = new Error(cause.message.split(query).join('?…'), { cause: redactQuery(cause.cause, query) });
  redacted.name = cause.name;
  return redacted;
}

/** Makes a {@link ServiceCallError} saying `reason`; nothing in it names the request's query, which holds a GET call's arguments. */
export function serviceCallError(reason: string, fields: ServiceCallErrorFields): ServiceCallError {
  const shown = new URL(fields.url);
  const query = shown.search;
  shown.search = '';
  const error = new Error(`${fields.method} ${shown.href} ${reason}`, { cause: redactQuery(fields.cause, query) });
  return Object.assign(error, {
    name: 'ServiceCallError' as const,
    status: fields.status,
    data: fields.data,
    url: shown.href,
    method: fields.method,
    [SERVICE_CALL_ERROR]: true,
  });
}

/** Whether `error` is a failed call to another service or the manager. */
export function isServiceCallError(error: unknown): error is ServiceCallError {
  return typeof error === 'object' && error !== null && SERVICE_CALL_ERROR in error;
}
