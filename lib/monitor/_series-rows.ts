import type { CopyColumns } from './_copy-binary.ts';
import type { SeriesBatch } from './write-buffer.ts';

/**
 * The write buffer's series (one per variable, `ids[s]` the id of series s's variable) as rows
 * in the order the buffer took the points.
 */
export function toRowColumns(series: readonly SeriesBatch[], ids: readonly number[]): CopyColumns {
  const rows = rowsOf(series);
  const variableIds = columnOf<number>(rows.length);
  const timestamps = columnOf<number>(rows.length);
  const nums = columnOf<number | null>(rows.length);
  const txts = columnOf<string | null>(rows.length);
  let point = 0;
  for (let s = 0; s < series.length; s++) {
    const { times, lengths, numbers, text } = series[s]!;
    let at = 0;
    for (let i = 0; i < times.length; i++, point++) {
      const row = rows[point]!;
      const length = lengths[i]!;
      variableIds[row] = ids[s]!;
      timestamps[row] = times[i]!;
      nums[row] = length < 0 ? numbers[i]! : null;
      txts[row] = length < 0 ? null : text.slice(at, (at += length));
    }
  }
  return { variableIds, timestamps, nums, txts };
}

// The rows are written out of order: into columns of their full length from the start.
function columnOf<T>(length: number): T[] {
  const column: T[] = [];
  column.length = length;
  return column;
}

/** The row of each point (numbered through the series in turn): its place in arrival order. */
function rowsOf(series: readonly SeriesBatch[]): Int32Array {
  // Each series is a run in arrival order, its points from runs[r] on: the runs are merged two
  // by two, as the last passes of a merge sort are (none for a batch of one series).
  let runs = [0];
  for (const { arrivals } of series) runs.push(runs.at(-1)! + arrivals.length);
  const count = runs.at(-1)!;
  const arrivals = new Float64Array(count);
  series.forEach((run, r) => arrivals.set(run.arrivals, runs[r]!));
  let order = new Int32Array(count).map((_, point) => point);
  let merged = new Int32Array(count);
  while (runs.length > 2) {
    const next = [0];
    for (let r = 0; r + 1 < runs.length; r += 2) {
      const middle = runs[r + 1]!;
      const end = runs[r + 2] ?? middle;
      let a = runs[r]!;
      let b = middle;
      let o = a;
      while (a < middle && b < end) merged[o++] = arrivals[order[a]!]! < arrivals[order[b]!]! ? order[a++]! : order[b++]!;
      while (a < middle) merged[o++] = order[a++]!;
      while (b < end) merged[o++] = order[b++]!;
      next.push(end);
    }
    [order, merged] = [merged, order];
    runs = next;
  }
  // `merged` is free once the runs are one: it takes the rows.
  for (let row = 0; row < count; row++) merged[order[row]!] = row;
  return merged;
}
