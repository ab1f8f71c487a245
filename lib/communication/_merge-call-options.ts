import { linkSignals } from './_any-signal.ts';
import type { CallOptions } from './types.ts';

/**
 * `call` over `defaults`: options `call` leaves undefined keep their default, headers are
 * merged and both signals abort the call.
 */
export function mergeCallOptions<T extends CallOptions>(defaults: CallOptions, call: T): T {
  const given = Object.fromEntries(Object.entries(call).filter(([, value]) => value !== undefined));
  // Linked for the call's lifetime: both signals are the caller's own, so nothing long-lived
  // holds the link (the shutdown signal is linked, and let go, per attempt in send()).
  const { signal } = linkSignals(defaults.signal, call.signal);
  return { ...defaults, ...given, headers: { ...defaults.headers, ...call.headers }, ...(signal && { signal }) } as T;
}
