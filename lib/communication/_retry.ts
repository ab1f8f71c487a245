import type { HttpMethod } from '../service/http-methods.ts';
import { causeChain } from './_cause-chain.ts';
import type { ServiceCallError } from './service-call-error.ts';

// Repeating these has the effect of doing them once (RFC 9110, 9.2.2).
const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'PUT', 'DELETE']);
// Answers that say "not now" rather than "no": a handler's 500 would most likely fail again.
const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 425, 429, 502, 503, 504]);
// Failures before a connection existed: the request cannot have reached anyone.
const NOT_CONNECTED: ReadonlySet<unknown> = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Whether a call that failed with `error` may be repeated without risk of doing its work
 * twice: GET, PUT and DELETE after a transient status, a network error or a timeout;
 * POST and PATCH only when the first request could not connect at all.
 */
export function isSafeToRetry(error: ServiceCallError, method: HttpMethod, firstUrl: string): boolean {
  if (error.status !== undefined) return IDEMPOTENT.has(method) && RETRY_STATUSES.has(error.status);
  if (IDEMPOTENT.has(method)) return true;
  // A failure on a later hop comes after the first request was answered, so it may have run.
  return error.url === firstUrl && causeChain(error).some((cause) => NOT_CONNECTED.has((cause as { code?: unknown } | null)?.code));
}
