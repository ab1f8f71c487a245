import { httpError } from '../engine/http-error.ts';

const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Milliseconds since the epoch of an ISO 8601 time (`2026-01-01T10:00:00Z`, a date alone, or the
 * seed's `2026-01-01 10:00:00.123456`); times without a zone are UTC. 422 when unreadable.
 */
export function parseTimestamp(text: string, field: string): number {
  // An unencoded `+01:00` arrives as ` 01:00` (a `+` in a query string is a space).
  let normalized = text.trim().replace(/(T[\d:.]+) (\d\d:?\d\d)$/, '$1+$2').replace(' ', 'T');
  if (normalized.includes('T') && !HAS_ZONE.test(normalized)) normalized += 'Z';
  const ms = Date.parse(normalized);
  if (Number.isNaN(ms)) {
    throw httpError(422, [{ loc: ['query', field], msg: `Invalid datetime "${text}": use ISO 8601, e.g. 2026-01-01T10:00:00Z`, type: 'datetime_parsing' }]);
  }
  return ms;
}
