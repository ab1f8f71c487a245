import { ENV_NAMES } from '../protocol/env-names.ts';
import { parseDuration } from '../service/duration.ts';
import { findEnv, type Env } from './_env.ts';
import { mviLogger } from './_logger.ts';

const ONE_DAY_MS = 86_400_000;
const SECONDS = /^\d+(?:\.\d+)?$/;

/**
 * Milliseconds between retention clean-ups (`MVI_SERVICE_DB_CLEAN_INTERVAL`: a duration such
 * as `1days` or `30m`, or bare seconds); `fallback` (one day) when unset, and when invalid, with a logged error.
 */
export function getDbCleanInterval(env: Env = process.env, fallback: number = ONE_DAY_MS): number {
  const entry = findEnv(env, ENV_NAMES.dbCleanInterval);
  if (!entry) return fallback;
  const ms = parseDuration(SECONDS.test(entry.value) ? Number(entry.value) : entry.value);
  if (ms !== undefined) return ms;
  mviLogger().error(`Invalid ${entry.name} ${JSON.stringify(entry.value)}: use a duration such as 1days, 6h or 30m; keeping ${fallback / 1000}s`);
  return fallback;
}
