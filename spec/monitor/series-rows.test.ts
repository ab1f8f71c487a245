import { describe, expect, it } from 'vitest';
import { toRowColumns } from '../../lib/monitor/_series-rows.ts';
import type { StoredValue } from '../../lib/monitor/types.ts';
import type { SeriesBatch } from '../../lib/monitor/write-buffer.ts';

const T = Date.UTC(2026, 0, 1);
// A series as the write buffer seals it, from [arrival, value] pairs in arrival order; a point's time is T + its arrival.
const seriesOf = (variable: string, points: [number, StoredValue][]): SeriesBatch => ({
  variable,
  times: Float64Array.from(points, ([arrival]) => T + arrival),
  arrivals: Float64Array.from(points, ([arrival]) => arrival),
  lengths: Int32Array.from(points, ([, value]) => (typeof value === 'number' ? -1 : value.length)),
  numbers: Float64Array.from(points, ([, value]) => (typeof value === 'number' ? value : 0)),
  text: points.map(([, value]) => (typeof value === 'number' ? '' : value)).join(''),
});

describe('toRowColumns()', () => {
  it('turns one series into its rows, numbers and texts apart', () => {
    expect(toRowColumns([seriesOf('x', [[3, 1.5], [7, 'ab'], [9, ''], [12, -2]])], [4])).toStrictEqual({
      variableIds: [4, 4, 4, 4],
      timestamps: [T + 3, T + 7, T + 9, T + 12],
      nums: [1.5, null, null, -2],
      txts: [null, 'ab', '', null],
    });
  });

  it('merges the series of a batch in arrival order, with gaps, runs of any count and a variable twice', () => {
    const series = [
      seriesOf('a', [[0, 'a0'], [4, 'a4'], [5, 'a5'], [20, 'a20']]),
      seriesOf('b', [[1, 1], [2, 2], [30, 30]]),
      seriesOf('c', [[3, 'c3'], [10, 'c10']]),
      seriesOf('a', [[25, 'a25']]),
      seriesOf('d', [[6, 6]]),
    ];
    const rows = toRowColumns(series, [1, 2, 3, 1, 4]);
    const arrivals = [0, 1, 2, 3, 4, 5, 6, 10, 20, 25, 30];
    expect(rows.timestamps).toStrictEqual(arrivals.map((arrival) => T + arrival));
    expect(rows.variableIds).toStrictEqual([1, 2, 2, 3, 1, 1, 4, 3, 1, 1, 2]);
    expect(rows.nums).toStrictEqual([null, 1, 2, null, null, null, 6, null, null, null, 30]);
    expect(rows.txts).toStrictEqual(['a0', null, null, 'c3', 'a4', 'a5', null, 'c10', 'a20', 'a25', null]);
  });

  it('gives no rows for no series', () => {
    expect(toRowColumns([], [])).toStrictEqual({ variableIds: [], timestamps: [], nums: [], txts: [] });
  });
});
