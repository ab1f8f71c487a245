import type { RetentionLimit } from './types.ts';

/** The units a retention limit may count in. */
export const RETENTION_UNITS: readonly RetentionLimit['unit'][] = ['rows', 'days', 'hours', 'minutes', 'seconds'];
const LIMIT = /^(\d+)\s*([a-z]+)$/i;

/**
 * Reads a retention limit such as `'90days'`, `'90 days'` or `'10000 rows'` (the
 * `MVI_SERVICE_DB_TABLE_LIMIT` format); undefined when it is not one.
 */
export function parseRetention(value: string): RetentionLimit | undefined {
  const match = LIMIT.exec(value.trim());
  if (!match) return undefined;
  const limit = Number(match[1]);
  const word = match[2]!.toLowerCase();
  const unit = RETENTION_UNITS.find((u) => u === word || u === `${word}s`);
  return unit && limit > 0 ? { limit, unit } : undefined;
}
