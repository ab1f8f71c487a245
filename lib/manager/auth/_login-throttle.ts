/** Options of {@link createLoginThrottle}. */
export interface LoginThrottleOptions {
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  /** Failed logins in a row that lock a key (default 5). */
  readonly maxFailures?: number;
  /** Milliseconds a key stays locked after its last failure (default 15 minutes). */
  readonly lockout?: number;
  /** Keys remembered at most; the oldest is forgotten first (default 10 000). */
  readonly maxKeys?: number;
}

/** Holds back guessing: after a few failed logins for one username from one address, that pair is locked for a while. */
export interface LoginThrottle {
  /** Seconds until `key` may try again; undefined while it may. */
  retryAfter(key: string): number | undefined;
  failed(key: string): void;
  succeeded(key: string): void;
}

/**
 * A login throttle keyed by username and address: one attacker cannot lock a user out from
 * everywhere, and cannot guess faster than `maxFailures` per `lockout`.
 */
export function createLoginThrottle(options: LoginThrottleOptions): LoginThrottle {
  const { now, maxFailures = 5, lockout = 15 * 60_000, maxKeys = 10_000 } = options;
  const failures = new Map<string, { count: number; last: number }>();
  const current = (key: string) => {
    const entry = failures.get(key);
    if (entry && now() - entry.last >= lockout) {
      failures.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    retryAfter(key) {
      const entry = current(key);
      return entry && entry.count >= maxFailures ? Math.ceil((entry.last + lockout - now()) / 1000) : undefined;
    },
    failed(key) {
      const count = (current(key)?.count ?? 0) + 1;
      failures.delete(key);
      if (failures.size >= maxKeys) failures.delete(failures.keys().next().value!);
      failures.set(key, { count, last: now() });
    },
    succeeded(key) {
      failures.delete(key);
    },
  };
}
