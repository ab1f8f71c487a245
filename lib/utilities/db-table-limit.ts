import { ENV_NAMES } from '../protocol/env-names.ts';
import { parseRetention } from '../service/retention.ts';
import type { RetentionLimit } from '../service/types.ts';
import { findEnv, type Env } from './_env.ts';
import { mviLogger } from './_logger.ts';

const NINETY_DAYS: RetentionLimit = { limit: 90, unit: 'days' };

/**
 * How much monitoring data to keep (`MVI_SERVICE_DB_TABLE_LIMIT`, such as `90days` or
 * `10000rows`); `fallback` (90 days) when unset, and when invalid, with a logged error.
 */
export function getDbTableLimit(env: Env = process.env, fallback: RetentionLimit = NINETY_DAYS): RetentionLimit {
  const entry = findEnv(env, ENV_NAMES.dbTableLimit);
  const parsed = entry && parseRetention(entry.value);
  if (parsed) return parsed;
  if (entry) {
    mviLogger().error(
      `Invalid ${entry.name} ${JSON.stringify(entry.value)}: use a count and one of rows, days, hours, minutes, seconds (e.g. 90days); keeping ${fallback.limit} ${fallback.unit}`,
    );
  }
  return fallback;
}
