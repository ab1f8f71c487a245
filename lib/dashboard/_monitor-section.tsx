import { useMemo } from 'preact/hooks';
import { api, links } from './_api.ts';
import { formatAgo, formatDuration } from './_format.ts';
import { MonitorChart } from './_monitor-chart.tsx';
import { RangePicker } from './_range-picker.tsx';
import { firstMoment, splitSeries } from './_series.ts';
import { TextValues } from './_text-values.tsx';
import { axisSpan, refreshInterval, resolveRange, type TimeRange } from './_time-range.ts';
import { usePoll } from './_use-poll.ts';

interface Props {
  readonly name: string;
  readonly version: string;
  readonly range: TimeRange;
  readonly now: number;
  readonly onRange: (range: TimeRange) => void;
}

/** A version's monitored variables over the chosen range: numbers as charts, text as its latest values. */
export function MonitorSection({ name, version, range, now, onRange }: Props) {
  const interval = refreshInterval(range);
  const polled = usePoll(`${name}_${version}:${JSON.stringify(range)}`, interval, async (signal) => {
    const { start, end } = resolveRange(range, Date.now());
    return { start, end, data: await api.monitor(name, version, start, end, signal) };
  });
  const split = useMemo(() => polled.data && splitSeries(polled.data.data), [polled.data]);
  const shown = polled.data ?? resolveRange(range, now);
  // One time axis for every chart, so that they line up.
  const axis = axisSpan(shown, split && firstMoment(split.numeric), range);
  const nothing = split && split.numeric.length === 0 && split.text.length === 0;
  return (
    <section class="card" aria-labelledby="monitoring-title">
      <div class="card-head">
        <div>
          <h2 id="monitoring-title">Monitoring</h2>
          <span class="muted">
            {polled.at === undefined ? 'Loading…' : `Updated ${formatAgo(polled.at, now)}${interval ? ` · every ${formatDuration(interval)}` : ''}`}
          </span>
        </div>
        <div class="actions">
          <RangePicker range={range} now={now} onChange={onRange} />
          <a class="button button-small" href={links.csv(name, version, shown.start, shown.end)} download>
            CSV
          </a>
        </div>
      </div>
      <div class="card-body">
        {polled.error && <p class="alert alert-bad">{polled.error}</p>}
        {nothing && (
          <div class="empty">
            <strong>Nothing was monitored in this range</strong>
            Values stored with <code>ctx.store()</code>, monitored entrypoints and parameters show here. Try a longer range.
          </div>
        )}
        {split && split.numeric.length > 0 && (
          <>
            <div class="charts">
              {split.numeric.map((series) => (
                <MonitorChart key={series.name} series={series} start={axis.start} end={axis.end} now={now} onZoom={onRange} />
              ))}
            </div>
            <p class="chart-hint">Drag across a chart to zoom in on that span.</p>
          </>
        )}
        {split && split.text.length > 0 && (
          <>
            <h3 class="section-title">Latest values</h3>
            <div class="card">
              <TextValues series={split.text} now={now} />
            </div>
          </>
        )}
        {split && split.empty.length > 0 && <p class="chart-hint">No points in this range: {split.empty.join(', ')}</p>}
      </div>
    </section>
  );
}
