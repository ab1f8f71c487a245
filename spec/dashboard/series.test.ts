import { describe, expect, test } from 'vitest';
import { firstMoment, RECENT_TEXT, splitSeries, summarize } from '../../lib/dashboard/_series.ts';

const at = (second: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, second)).toISOString();
const seconds = (second: number) => Date.UTC(2026, 11, 1, 12, 0, second) / 1000;

describe('splitSeries', () => {
  test('plots variables whose every point is a number, lists the others, names the empty ones, all sorted', () => {
    const split = splitSeries({
      threshold: { timestamp: [at(1), at(5)], value: [0.6, 0.9] },
      label: { timestamp: [at(1), at(2)], value: ['setosa', 'uncertain'] },
      mixed: { timestamp: [at(1), at(2)], value: [1, 'two'] },
      confidence: { timestamp: [at(3)], value: [0.98] },
      gone: { timestamp: [], value: [] },
    });
    expect(split).toStrictEqual({
      numeric: [
        { name: 'confidence', times: [seconds(3)], values: [0.98] },
        { name: 'threshold', times: [seconds(1), seconds(5)], values: [0.6, 0.9] },
      ],
      text: [
        { name: 'label', count: 2, recent: [{ at: seconds(2) * 1000, value: 'uncertain' }, { at: seconds(1) * 1000, value: 'setosa' }] },
        { name: 'mixed', count: 2, recent: [{ at: seconds(2) * 1000, value: 'two' }, { at: seconds(1) * 1000, value: '1' }] },
      ],
      empty: ['gone'],
    });
  });

  test(`keeps the latest ${RECENT_TEXT} values of a text variable, newest first`, () => {
    const values = Array.from({ length: 9 }, (_, i) => `v${i}`);
    const [text] = splitSeries({ label: { timestamp: values.map((_, i) => at(i)), value: values } }).text;
    expect(text!.count).toBe(9);
    expect(text!.recent.map((point) => point.value)).toStrictEqual(['v8', 'v7', 'v6', 'v5', 'v4']);
  });
});

describe('summarize', () => {
  test('gives the smallest, largest and latest value', () => {
    expect(summarize({ name: 'x', times: [1, 2, 3], values: [5, -2, 3] })).toStrictEqual({ min: -2, max: 5, latest: 3, latestAt: 3000 });
  });
});

describe('firstMoment', () => {
  test('is the earliest point of any series, in ms', () => {
    expect(firstMoment([{ name: 'a', times: [20, 30], values: [1, 2] }, { name: 'b', times: [10], values: [3] }])).toBe(10_000);
    expect(firstMoment([])).toBeUndefined();
  });
});
