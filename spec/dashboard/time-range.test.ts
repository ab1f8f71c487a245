import { describe, expect, test } from 'vitest';
import { axisSpan, DEFAULT_RANGE, refreshInterval, rangeFromInputs, rangeFromParams, rangeFromSelection, rangeToParams, resolveRange, toLocalInput, type TimeRange } from '../../lib/dashboard/_time-range.ts';

const now = Date.parse('2026-12-01T12:00:00Z');
const between: TimeRange = { kind: 'between', start: Date.parse('2026-12-01T10:00:00Z'), end: Date.parse('2026-12-01T11:00:00Z') };

describe('resolveRange', () => {
  test('reads the last so much time up to now, or a fixed span as it is', () => {
    expect(resolveRange({ kind: 'last', preset: '15m' }, now)).toStrictEqual({ start: now - 15 * 60_000, end: now });
    expect(resolveRange({ kind: 'last', preset: '7d' }, now)).toStrictEqual({ start: now - 7 * 86_400_000, end: now });
    expect(resolveRange(between, now)).toStrictEqual({ start: between.start, end: between.end });
  });
});

describe('the range in the address', () => {
  test.each<[TimeRange, Record<string, string>]>([
    [DEFAULT_RANGE, {}],
    [{ kind: 'last', preset: '6h' }, { range: '6h' }],
    [between, { from: '2026-12-01T10:00:00.000Z', to: '2026-12-01T11:00:00.000Z' }],
  ])('%j round-trips as %j', (range, params) => {
    expect(rangeToParams(range)).toStrictEqual(params);
    expect(rangeFromParams(new URLSearchParams(params))).toStrictEqual(range);
  });

  test.each(['range=2h', 'from=2026-12-01T11:00:00Z&to=2026-12-01T10:00:00Z', 'from=yesterday&to=today', 'from=2026-12-01T10:00:00Z'])(
    'falls back to the default for %s',
    (query) => expect(rangeFromParams(new URLSearchParams(query))).toStrictEqual(DEFAULT_RANGE),
  );
});

describe('rangeFromInputs', () => {
  test('reads two local times, the end minute included whole', () => {
    const start = new Date(2026, 11, 1, 10, 0).getTime();
    const end = new Date(2026, 11, 1, 10, 5).getTime();
    expect(rangeFromInputs(toLocalInput(start), toLocalInput(end))).toStrictEqual({ kind: 'between', start, end: end + 59_999 });
    expect(toLocalInput(start)).toBe('2026-12-01T10:00');
  });

  test('says why two inputs make no range', () => {
    expect(rangeFromInputs('', '2026-12-01T10:00')).toBe('Enter both a start and an end');
    expect(rangeFromInputs('2026-12-01T10:05', '2026-12-01T10:00')).toBe('The start must be before the end');
    expect(rangeFromInputs('2026-12-01T10:00', '2026-12-01T10:00')).toBe('The start must be before the end');
  });
});

describe('rangeFromSelection', () => {
  test('zooms to a selection of a second or more, in whole milliseconds', () => {
    expect(rangeFromSelection(1000.4, 5000.2)).toStrictEqual({ kind: 'between', start: 1000, end: 5001 });
    expect(rangeFromSelection(1000, 1500)).toBeUndefined();
  });
});

describe('axisSpan', () => {
  const read = { start: now - 3_600_000, end: now };
  test('starts a followed range a little before its first point', () => {
    expect(axisSpan(read, now - 100_000, DEFAULT_RANGE)).toStrictEqual({ start: now - 105_000, end: now });
  });

  test('shows at least ten seconds, and never more than was read', () => {
    expect(axisSpan(read, now - 1000, DEFAULT_RANGE)).toStrictEqual({ start: now - 10_500, end: now });
    expect(axisSpan(read, read.start, DEFAULT_RANGE)).toStrictEqual(read);
  });

  test('keeps a fixed range, and the whole range without points', () => {
    expect(axisSpan({ start: between.start, end: between.end }, between.end - 1000, between)).toStrictEqual({ start: between.start, end: between.end });
    expect(axisSpan(read, undefined, DEFAULT_RANGE)).toStrictEqual(read);
  });
});

describe('refreshInterval', () => {
  test('reads short ranges often, long ones seldom, fixed ones once', () => {
    expect([...(['15m', '1h', '6h', '24h', '7d', '30d'] as const).map((preset) => refreshInterval({ kind: 'last', preset })), refreshInterval(between)]).toStrictEqual([
      5000, 5000, 30_000, 30_000, 60_000, 60_000, 0,
    ]);
  });
});
