import { describe, expect, test } from 'vitest';
import { formatAgo, formatDateTime, formatDuration, formatMs, formatNumber, formatPercent, formatTick, plural } from '../../lib/dashboard/_format.ts';

const local = (...parts: [number, number, number, number, number, number]) => new Date(...parts).getTime();

describe('formatDuration', () => {
  test.each([
    [0, '0 s'],
    [999, '0 s'],
    [12_000, '12 s'],
    [250_000, '4 min 10 s'],
    [120_000, '2 min'],
    [2 * 3_600_000 + 5 * 60_000 + 7_000, '2 h 5 min'],
    [3 * 86_400_000 + 4 * 3_600_000, '3 d 4 h'],
    [-1, '—'],
    [Number.NaN, '—'],
  ])('%d ms is %j', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('formatAgo', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  test.each([
    ['2026-12-01T11:59:58Z', 'just now'],
    ['2026-12-01T11:59:30Z', '30 s ago'],
    ['2026-12-01T11:57:00Z', '3 min ago'],
    ['2026-12-01T09:00:00Z', '3 h ago'],
    ['2026-11-27T12:00:00Z', '4 d ago'],
    ['not a time', '—'],
  ])('%s is %j', (iso, text) => expect(formatAgo(iso, now)).toBe(text));

  test('takes milliseconds too', () => expect(formatAgo(now - 90_000, now)).toBe('1 min ago'));
});

describe('formatDateTime', () => {
  test('writes the local date and time, leaving the date out on the same day', () => {
    const at = local(2026, 11, 1, 9, 5, 3);
    expect(formatDateTime(at)).toBe('2026-12-01 09:05:03');
    expect(formatDateTime(new Date(at).toISOString(), local(2026, 11, 1, 23, 0, 0))).toBe('09:05:03');
    expect(formatDateTime(at, local(2026, 11, 2, 0, 0, 1))).toBe('2026-12-01 09:05:03');
    expect(formatDateTime('never')).toBe('—');
  });
});

describe('numbers', () => {
  test.each([
    [12034, '12,034'],
    [0.530646123, '0.530646'],
    [-3.5, '-3.5'],
    [1e21, '1,000,000,000,000,000,000,000'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
  ])('formatNumber(%d) is %j', (value, text) => expect(formatNumber(value)).toBe(text));

  test('percentages, latencies and counts', () => {
    expect([formatPercent(0.75), formatPercent(1), formatPercent(0), formatPercent(0.9234), formatPercent(null)]).toStrictEqual(['75.0 %', '100 %', '0 %', '92.3 %', '—']);
    expect([formatMs(0.4213), formatMs(12.54), formatMs(575), formatMs(1250), formatMs(null)]).toStrictEqual(['0.42 ms', '12.5 ms', '575 ms', '1.25 s', '—']);
    expect([plural(1, 'point'), plural(0, 'point'), plural(1200, 'restart')]).toStrictEqual(['1 point', '0 points', '1,200 restarts']);
  });
});

describe('formatTick', () => {
  const at = local(2026, 11, 1, 11, 42, 5);
  test('is as precise as the span of the axis needs', () => {
    expect(formatTick(at, 60_000)).toBe('11:42:05');
    expect(formatTick(at, 3_600_000)).toBe('11:42');
    expect(formatTick(at, 7 * 86_400_000)).toBe('12-01 11:42');
  });
});
