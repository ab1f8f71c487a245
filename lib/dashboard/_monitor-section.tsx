import { useMemo } from 'preact/hooks';
import { api, links } from './_api.ts';
import { MonitorChart } from './_monitor-chart.tsx';
import { pollStatus } from './_poll-status.ts';
import { RangePicker } from './_range-picker.tsx';
import { firstMoment, splitSeries } from './_series.ts';
import { serviceRouteError } from './_service-route-error.ts';
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
    const data = await api.monitor(name, version, start, end, signal).catch((error: unknown) => {
      throw serviceRouteError(error, '/~monitor', 'monitoring, parameters and API docs');
    });
    return { start, end, data };
  });
  const split = useMemo(() => polled.data && splitSeries(polled.data.data), [polled.data]);
  const shown = polled.data ?? resolveRange(range, now);
  // One time axis for every chart, so that they line up.
  const axis = axisSpan(shown, split && firstMoment(split.numeric), range);
  const nothing = split && split.numeric.length === 0 && split.text.length === 0;
  // The CSV comes from the same route: where reading failed, downloading would fail too.
  const unread = polled.error !== undefined && polled.data === undefined;
  return (
    <section class="card" aria-labelledby="monitoring-title">
      <div class="card-head">
        <div>
          <h2 id="monitoring-title">Monitoring</h2>
          <span class="muted">{pollStatus(polled, interval, now)}</span>
        </div>
        <div class="actions">
          <RangePicker range={range} now={now} onChange={onRange} />
          {!unread && (
            <a class="button button-small" href={links.csv(name, version, shown.start, shown.end)} download>
              CSV
            </a>
          )}
        </div>
      </div>
      <div class="card-body">
        {polled.error && (
          <p class="alert alert-bad" role="alert">
            {polled.error}
          </p>
        )}
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
