import type { Dispatcher } from 'undici';

// CONNECT and TRACE are no requests for a service (and TRACE echoes the caller's headers back).
const FORWARDED: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']);

/** The `Allow` header of the gateway's 405. */
export const FORWARDED_METHODS = [...FORWARDED].join(', ');

/** Whether the gateway forwards requests with `method`. */
export function isForwardedMethod(method: string): method is Dispatcher.HttpMethod {
  return FORWARDED.has(method);
}
