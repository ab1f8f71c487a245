import { httpError } from '../engine/http-error.ts';

// Date, then optionally a time (`T` or the seed's space) and a zone. A `+` a client left
// unencoded in a query string arrives as a space: ` 01:00` is read as `+01:00`.
const ISO = /^(\d{4})-(\d\d)-(\d\d)(?:[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?(?:[Zz]|([+\- ])(\d\d)(?::?(\d\d))?)?)?$/;

const isLeap = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const daysIn = (year: number, month: number) => (month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);

interface Fields {
  readonly year: number; readonly month: number; readonly day: number;
  readonly hour: number; readonly minute: number; readonly second: number; readonly ms: number;
  readonly offsetMinutes: number;
}

function fieldsOf(match: RegExpExecArray): Fields {
  const n = (group: number) => Number(match[group] ?? 0);
  const sign = match[8] === '-' ? -1 : 1;
  return {
    year: n(1), month: n(2), day: n(3), hour: n(4), minute: n(5), second: n(6),
    ms: Number((match[7] ?? '').slice(0, 3).padEnd(3, '0')),
    offsetMinutes: n(10) > 59 ? Number.NaN : sign * (n(9) * 60 + n(10)),
  };
}

// What is out of range, or undefined when every field is in range.
function outOfRange({ year, month, day, hour, minute, second, offsetMinutes }: Fields): string | undefined {
  if (month < 1 || month > 12) return `month ${month} does not exist`;
  if (day < 1 || day > daysIn(year, month)) return `day ${day} does not exist in ${year}-${String(month).padStart(2, '0')}`;
  if (hour > 23 || minute > 59 || second > 59) return 'the time of day is out of range';
  if (!(Math.abs(offsetMinutes) < 24 * 60)) return 'the zone offset is out of range';
  return undefined;
}

/**
 * Milliseconds since the epoch of an ISO 8601 time (`2026-01-01T10:00:00Z`, a date alone, or the
 * seed's `2026-01-01 10:00:00.123456`); times without a zone are UTC. 422 naming `field` when
 * unreadable or when a field is out of range (`2026-02-30` is no day, not 2 March).
 */
export function parseTimestamp(text: string, field: string): number {
  const match = ISO.exec(text.trim());
  const fields = match ? fieldsOf(match) : undefined;
  const reason = fields ? outOfRange(fields) : 'not an ISO 8601 time';
  if (!fields || reason) {
    throw httpError(422, [{
      loc: ['query', field],
      msg: `Invalid datetime "${text}" for ${field}: ${reason}; use ISO 8601, e.g. 2026-01-01T10:00:00Z`,
      type: 'datetime_parsing',
    }]);
  }
  const { year, month, day, hour, minute, second, ms, offsetMinutes } = fields;
  // setUTCFullYear, unlike Date.UTC, does not read the years 0 to 99 as 1900 to 1999.
  const midnight = new Date(0).setUTCFullYear(year, month - 1, day);
  return midnight + (((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000) + ms;
}
