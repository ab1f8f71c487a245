import { describe, expect, it } from 'vitest';
import { columnsOf, decodeChunk, encodeChunk, inTimeOrder } from '../../lib/monitor/chunk-codec.js';
import type { StoredValue } from '../../lib/monitor/types.ts';
import { ODD_TEXTS } from './_conformance.ts';

const T = Date.UTC(2026, 0, 1);
const encode = (times: number[], arrivals: number[], values: StoredValue[]) => encodeChunk(columnsOf({ times, arrivals, values }));
// Times and arrivals come back as typed arrays.
const plain = ({ times, arrivals, values }: ReturnType<typeof decodeChunk>) => ({ times: [...times], arrivals: [...arrivals], values });
const roundTrip = (times: number[], arrivals: number[], values: StoredValue[]) => plain(decodeChunk(encode(times, arrivals, values)));

describe('encodeChunk() / decodeChunk()', () => {
  it('gives back numbers, texts and both mixed, in order, with their times and arrivals', () => {
    const numbers = [0, -1.5, 0.1, 1e308, 5e-324, Number.MAX_SAFE_INTEGER, Number.NaN, Infinity, -Infinity, -0];
    const cases: StoredValue[][] = [numbers, ODD_TEXTS, [...ODD_TEXTS, ...numbers, 'NaN', '42'].reverse(), [7], ['']];
    for (const values of cases) {
      const times = values.map((_, i) => T + Math.floor(i / 3));
      const arrivals = values.map((_, i) => 10 + i * 2);
      expect(roundTrip(times, arrivals, values)).toEqual({ times, arrivals, values });
    }
  });

  it('keeps the first and last days of the years 1 to 9999, gaps of any size, and arrivals that go back', () => {
    const times = [Date.UTC(1, 0, 1), Date.UTC(1, 0, 1), Date.UTC(1969, 11, 31, 23, 59, 59, 999), T, Date.UTC(9999, 11, 31, 23, 59, 59, 999)];
    const arrivals = [5_000_000_000_000, 3, 2 ** 40, 1, 2];
    expect(roundTrip(times, arrivals, [1, 2, 3, 4, 5])).toEqual({ times, arrivals, values: [1, 2, 3, 4, 5] });
  });

  it('deflates what is worth it: 25 000 JSON texts in a small part of their size', () => {
    const values = Array.from({ length: 25_000 }, (_, i) => JSON.stringify({ sepal_length: 5.1, sepal_width: 3.5, i }));
    const times = values.map((_, i) => T + i);
    const stored = encode(times, times.map((_, i) => i), values);
    expect(stored.length).toBeLessThan(values.join('').length / 5);
    expect(decodeChunk(stored).values).toEqual(values);
    // A few points are kept as they are.
    expect(encode([T], [1], [1.5]).length).toBeLessThan(40);
  });

  it('refuses bytes of a version it does not know', () => {
    const stored = encode([T], [1], [1]);
    stored[1] = 99;
    expect(() => decodeChunk(stored)).toThrow('Unknown monitoring chunk version 99');
  });
});

describe('inTimeOrder()', () => {
  it('leaves columns in time order as they are, and orders the others keeping ties in arrival order', () => {
    const ordered = columnsOf({ times: [T, T, T + 1], arrivals: [1, 2, 3], values: ['a', 1, 'b'] });
    expect(inTimeOrder(ordered)).toBe(ordered);
    const values = ['two', 0, 'one', 'zero', 'two, later'];
    const sorted = inTimeOrder(columnsOf({ times: [T + 2, T, T + 1, T, T + 2], arrivals: [1, 2, 3, 4, 5], values }));
    expect(plain(decodeChunk(encodeChunk(sorted)))).toEqual({ times: [T, T, T + 1, T + 2, T + 2], arrivals: [2, 4, 3, 1, 5], values: [0, 'zero', 'one', 'two', 'two, later'] });
  });
});
