import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatDateTime, formatNumber, formatTick, plural } from './_format.ts';
import { summarize, type NumericSeries } from './_series.ts';
import { rangeFromSelection, type TimeRange } from './_time-range.ts';

interface Props {
  readonly series: NumericSeries;
  /** The range shown on the time axis (ms), whether or not points fill it. */
  readonly start: number;
  readonly end: number;
  readonly now: number;
  /** A span selected with the mouse, to read the page for. */
  readonly onZoom: (range: TimeRange) => void;
}

const HEIGHT = 150;

const cssVar = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

function options(width: number, range: { current: { start: number; end: number } }, hooks: uPlot.Hooks.Arrays): uPlot.Options {
  const font = `11px ${cssVar('--font')}`;
  const axis: uPlot.Axis = { stroke: cssVar('--muted'), font, grid: { stroke: cssVar('--chart-grid'), width: 1 }, ticks: { show: false } };
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: true, y: false, setScale: false }, points: { size: 7 } },
    // The time axis spans the chosen range, so that gaps and the age of the data show.
    scales: { x: { time: true, range: () => [range.current.start / 1000, range.current.end / 1000] } },
    axes: [
      { ...axis, space: 64, values: (_, ticks) => ticks.map((tick) => formatTick(tick * 1000, range.current.end - range.current.start)) },
      { ...axis, size: 52 },
    ],
    series: [{}, { stroke: cssVar('--chart-line'), width: 1.5, fill: cssVar('--chart-fill'), points: { size: 4 } }],
    hooks,
  };
}

/** One numeric variable over the chosen range, plotted with uPlot; hovering reads a point, dragging zooms in. */
export function MonitorChart({ series, start, end, now, onZoom }: Props) {
  const plot = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot>(undefined);
  const range = useRef({ start, end });
  range.current = { start, end };
  const zoom = useRef(onZoom);
  zoom.current = onZoom;
  const [hovered, setHovered] = useState<number | null>(null);

  useEffect(() => {
    const element = plot.current!;
    const hooks: uPlot.Hooks.Arrays = {
      setCursor: [(u) => setHovered(u.cursor.idx ?? null)],
      setSelect: [
        (u) => {
          if (u.select.width < 2) return;
          const from = u.posToVal(u.select.left, 'x') * 1000;
          const to = u.posToVal(u.select.left + u.select.width, 'x') * 1000;
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          const selected = rangeFromSelection(from, to);
          if (selected) zoom.current(selected);
        },
      ],
    };
    const u = new uPlot(options(element.clientWidth, range, hooks), [[], []], element);
    chart.current = u;
    const resized = new ResizeObserver(() => u.setSize({ width: element.clientWidth, height: HEIGHT }));
    resized.observe(element);
    return () => {
      resized.disconnect();
      u.destroy();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    chart.current?.setData([series.times, series.values]);
  }, [series, start, end]);

  const { min, max, latest, latestAt } = summarize(series);
  const index = hovered !== null && hovered < series.values.length ? hovered : undefined;
  const value = index === undefined ? latest : series.values[index]!;
  const at = index === undefined ? latestAt : series.times[index]! * 1000;
  return (
    <figure class="chart" data-variable={series.name} data-points={series.values.length}>
      <div class="chart-head">
        <figcaption class="chart-name" title={series.name}>{series.name}</figcaption>
        <span class="chart-value">{formatNumber(value)}</span>
      </div>
      <div class="chart-sub">
        <span>{index === undefined ? `latest at ${formatDateTime(at, now)}` : formatDateTime(at, now)}</span>
        <span>
          {min === max ? '' : `${formatNumber(min)} – ${formatNumber(max)} · `}
          {plural(series.values.length, 'point')}
        </span>
      </div>
      <div class="chart-plot" ref={plot} />
    </figure>
  );
}
