import type { MonitorData, StoredValue } from '../monitor/types.ts';

/** A variable whose every point in the range is a number: plotted. */
export interface NumericSeries {
  readonly name: string;
  /** Seconds since the epoch (uPlot's time scale), ascending. */
  readonly times: number[];
  readonly values: number[];
}

/** A variable with text among its points: its latest values are listed. */
export interface TextSeries {
  readonly name: string;
  readonly count: number;
  /** The latest points, newest first. */
  readonly recent: readonly { readonly at: number; readonly value: string }[];
}

/** The variables of a `/~monitor` answer, sorted by name, split by what can be shown of them. */
export interface SplitSeries {
  readonly numeric: NumericSeries[];
  readonly text: TextSeries[];
  /** Variables without a point in the range. */
  readonly empty: string[];
}

/** How many of a text variable's latest values are kept for display. */
export const RECENT_TEXT = 5;

const isNumber = (value: StoredValue): value is number => typeof value === 'number';

/** Splits a `/~monitor` answer into series to plot, text to list, and variables without points. */
export function splitSeries(data: MonitorData): SplitSeries {
  const split: SplitSeries = { numeric: [], text: [], empty: [] };
  for (const name of Object.keys(data).sort()) {
    const { timestamp, value } = data[name]!;
    const times = timestamp.map((iso) => Date.parse(iso) / 1000);
    if (value.length === 0) split.empty.push(name);
    else if (value.every(isNumber)) split.numeric.push({ name, times, values: value });
    else {
      const recent = [];
      for (let i = value.length - 1; i >= 0 && recent.length < RECENT_TEXT; i--) recent.push({ at: times[i]! * 1000, value: String(value[i]) });
      split.text.push({ name, count: value.length, recent });
    }
  }
  return split;
}

/** The smallest, largest and latest value of a plotted series. */
export function summarize(series: NumericSeries): { readonly min: number; readonly max: number; readonly latest: number; readonly latestAt: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const value of series.values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { min, max, latest: series.values.at(-1)!, latestAt: series.times.at(-1)! * 1000 };
}

/** The earliest moment (ms) of any plotted series; undefined when none has a point. */
export function firstMoment(series: readonly NumericSeries[]): number | undefined {
  const first = Math.min(...series.map((one) => one.times[0]!));
  return Number.isFinite(first) ? first * 1000 : undefined;
}
