import { createHistogram, type Histogram } from '../monitor/_histogram.ts';
import type { HistogramSnapshot, MonitorStoreStats } from '../monitor/types.ts';

/** What one entrypoint counts. */
export interface EntrypointMetrics {
  /** Counts one answer by status and observes how long it took; allocates nothing. */
  observe(status: number, seconds: number): void;
}

/** What one job counts. */
export interface JobMetrics {
  /** A run began, on schedule or by hand. */
  started(): void;
  /** A run threw. */
  failed(): void;
  /** A scheduled run fell due while the previous one was still busy. */
  overran(): void;
}

/** The operational counters of one running service. */
export interface Metrics {
  /** The counters of an entrypoint; throws for a name not given at creation. */
  entrypoint(name: string): EntrypointMetrics;
  /** The counters of a job; throws for a name not given at creation. */
  job(name: string): JobMetrics;
  /** Everything, in Prometheus' text exposition format (version 0.0.4). */
  render(): string;
}

/** The content type of {@link Metrics.render}'s text. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

interface EntrypointCounts extends EntrypointMetrics {
  readonly label: string;
  // Indexed by status: a Response only takes 200–599, so every status has its slot.
  readonly byStatus: Float64Array;
  readonly latency: Histogram;
}

interface JobCounts extends JobMetrics {
  readonly label: string;
  runs: number;
  failures: number;
  overruns: number;
}

const escapeLabel = (value: string) => value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
const escapeHelp = (text: string) => text.replace(/[\\\n]/g, (c) => (c === '\n' ? '\\n' : '\\\\'));
const formatValue = (value: number) => (Number.isFinite(value) ? String(value) : Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf');
const join = (...labels: string[]) => {
  const inner = labels.filter(Boolean).join(',');
  return inner ? `{${inner}}` : '';
};

function entrypointCounts(name: string): EntrypointCounts {
  const byStatus = new Float64Array(600);
  const latency = createHistogram();
  return {
    label: `entrypoint="${escapeLabel(name)}"`,
    byStatus,
    latency,
    observe(status, seconds) {
      byStatus[status] = byStatus[status]! + 1;
      latency.observe(seconds);
    },
  };
}

function jobCounts(name: string): JobCounts {
  const counts: JobCounts = {
    label: `job="${escapeLabel(name)}"`,
    runs: 0,
    failures: 0,
    overruns: 0,
    started: () => void (counts.runs += 1),
    failed: () => void (counts.failures += 1),
    overran: () => void (counts.overruns += 1),
  };
  return counts;
}

/** A text in the exposition format, built one metric family at a time. */
function exposition() {
  const lines: string[] = [];
  const sample = (name: string, labels: string, value: number) => lines.push(`${name}${labels} ${formatValue(value)}`);
  return {
    family(name: string, type: 'counter' | 'gauge' | 'histogram', help: string) {
      lines.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`);
    },
    sample: (name: string, label: string, value: number) => sample(name, join(label), value),
    histogram(name: string, label: string, { bounds, cumulative, sum }: HistogramSnapshot) {
      bounds.forEach((bound, i) => sample(`${name}_bucket`, join(label, `le="${formatValue(bound)}"`), cumulative[i]!));
      const count = cumulative.at(-1) ?? 0;
      sample(`${name}_bucket`, join(label, 'le="+Inf"'), count);
      sample(`${name}_sum`, join(label), sum);
      sample(`${name}_count`, join(label), count);
    },
    text: () => `${lines.join('\n')}\n`,
  };
}

/**
 * The counters of a service with these entrypoints and jobs, and of its store (read from
 * `storeStats` when rendered). A small registry of our own: prom-client keeps a global
 * registry and weighs far more than the dozen families a service exposes.
 */
export function createMetrics(entrypoints: readonly string[], jobs: readonly string[], storeStats: () => MonitorStoreStats): Metrics {
  const byEntrypoint = new Map(entrypoints.map((name) => [name, entrypointCounts(name)]));
  const byJob = new Map(jobs.map((name) => [name, jobCounts(name)]));
  const find = <T>(map: Map<string, T>, what: string, name: string): T => {
    const found = map.get(name);
    if (!found) throw new Error(`No metrics for ${what} "${name}"`);
    return found;
  };

  return {
    entrypoint: (name) => find(byEntrypoint, 'entrypoint', name),
    job: (name) => find(byJob, 'job', name),
    render() {
      const out = exposition();
      out.family('mvi_requests_total', 'counter', 'Requests answered by each entrypoint, by HTTP status.');
      for (const counts of byEntrypoint.values()) {
        counts.byStatus.forEach((n, status) => n > 0 && out.sample('mvi_requests_total', `${counts.label},status="${status}"`, n));
      }
      out.family('mvi_request_duration_seconds', 'histogram', 'Time from a request reaching its entrypoint to its answer, in seconds.');
      for (const counts of byEntrypoint.values()) out.histogram('mvi_request_duration_seconds', counts.label, counts.latency.snapshot());
      const jobFamilies = [
        ['mvi_job_runs_total', 'Runs of each job, on schedule or by hand.', 'runs'],
        ['mvi_job_failures_total', 'Runs of each job that threw.', 'failures'],
        [
          'mvi_job_overruns_total',
          'Times a job fell due while its previous run was still busy (an interval job then runs once that run ends, a cron job skips the time).',
          'overruns',
        ],
      ] as const;
      for (const [name, help, key] of jobFamilies) {
        out.family(name, 'counter', help);
        for (const counts of byJob.values()) out.sample(name, counts.label, counts[key]);
      }
      const store = storeStats();
      out.family('mvi_store_points_buffered', 'gauge', 'Monitoring points accepted and not yet written.');
      out.sample('mvi_store_points_buffered', '', store.buffered);
      out.family('mvi_store_points_written_total', 'counter', 'Monitoring points written to the store.');
      out.sample('mvi_store_points_written_total', '', store.written);
      out.family('mvi_store_points_failed_total', 'counter', 'Monitoring points in write attempts that failed; they are kept and retried.');
      out.sample('mvi_store_points_failed_total', '', store.failed);
      out.family('mvi_store_flush_duration_seconds', 'histogram', 'Time each write of a batch of monitoring points took, in seconds.');
      out.histogram('mvi_store_flush_duration_seconds', '', store.flushSeconds);
      return out.text();
    },
  };
}
