import { describe, expect, it } from 'vitest';
import { isHttpError } from '../../lib/engine/http-error.ts';
import { parseTimestamp } from '../../lib/runtime/parse-timestamp.ts';

const iso = (text: string) => new Date(parseTimestamp(text, 'start')).toISOString();

function rejection(text: string): { status: number; body: unknown } {
  try {
    parseTimestamp(text, 'end');
  } catch (error) {
    if (isHttpError(error)) return { status: error.status, body: error.body };
    throw error;
  }
  throw new Error(`${text} was accepted`);
}

describe('parseTimestamp', () => {
  it.each([
    ['2026-01-01T10:00:00Z', '2026-01-01T10:00:00.000Z'],
    ['2026-01-01T10:00:00+01:00', '2026-01-01T09:00:00.000Z'],
    ['2026-01-01T10:00:00-01:30', '2026-01-01T11:30:00.000Z'],
    ['2026-01-01T10:00:00+0100', '2026-01-01T09:00:00.000Z'],
    ['2026-01-01T10:00:00+01', '2026-01-01T09:00:00.000Z'],
    ['2026-01-01T10:00Z', '2026-01-01T10:00:00.000Z'],
    ['2026-01-01', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01 10:00:00.123456', '2026-01-01T10:00:00.123Z'],
    // The seed's format whose unencoded `+` arrived as a space.
    ['2026-01-01 10:00:00 01:00', '2026-01-01T09:00:00.000Z'],
    ['2026-01-01 10:00:00.5 01:00', '2026-01-01T09:00:00.500Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['0050-06-01T00:00:00Z', '0050-06-01T00:00:00.000Z'],
  ])('reads %s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it.each([
    ['2026-02-30T00:00:00Z', 'day 30 does not exist in 2026-02'],
    ['2025-02-29', 'day 29 does not exist in 2025-02'],
    ['2026-13-01T00:00:00Z', 'month 13 does not exist'],
    ['2026-01-01T24:00:00Z', 'the time of day is out of range'],
    ['2026-01-01T10:60:00Z', 'the time of day is out of range'],
    ['2026-01-01T10:00:00+24:00', 'the zone offset is out of range'],
    ['yesterday', 'not an ISO 8601 time'],
    ['2026-01-01T10:00:00 Europe/Paris', 'not an ISO 8601 time'],
  ])('answers 422 naming the parameter for %s', (text, reason) => {
    expect(rejection(text)).toStrictEqual({
      status: 422,
      body: { detail: [{ loc: ['query', 'end'], msg: `Invalid datetime "${text}" for end: ${reason}; use ISO 8601, e.g. 2026-01-01T10:00:00Z`, type: 'datetime_parsing' }] },
    });
  });
});
