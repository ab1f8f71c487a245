import type { SeriesBatch } from './write-buffer.ts';

/** Points as parallel columns, one entry per point: what a row-per-point store (PostgreSQL) copies in. */
export interface RowColumns {
  readonly variable: string[];
  readonly timestamp: number[];
  readonly num: (number | null)[];
  readonly txt: (string | null)[];
}

/** The write buffer's series (one per variable) as rows in the order the buffer took the points. */
export function toRowColumns(series: readonly SeriesBatch[]): RowColumns {
  const points: { arrival: number; variable: string; timestamp: number; num: number | null; txt: string | null }[] = [];
  for (const { variable, times, arrivals, lengths, numbers, text } of series) {
    let at = 0;
    for (let i = 0; i < times.length; i++) {
      const length = lengths[i]!;
      const txt = length < 0 ? null : text.slice(at, (at += length));
      points.push({ arrival: arrivals[i]!, variable, timestamp: times[i]!, num: length < 0 ? numbers[i]! : null, txt });
    }
  }
  points.sort((a, b) => a.arrival - b.arrival);
  return {
    variable: points.map((point) => point.variable),
    timestamp: points.map((point) => point.timestamp),
    num: points.map((point) => point.num),
    txt: points.map((point) => point.txt),
  };
}
