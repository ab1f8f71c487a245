import { useState } from 'preact/hooks';
import type { Disagreement, VersionReport } from '../manager/gateway/_version-stats.ts';
import type { ServiceRecord } from '../manager/types.ts';
import { api } from './_api.ts';
import { bodyLines, unmatchedLines } from './_answer-diff.ts';
import { RoleBadge } from './_badges.tsx';
import { formatDateTime, formatMs, formatNumber, formatPercent, plural } from './_format.ts';
import { usePoll } from './_use-poll.ts';

interface Props {
  readonly name: string;
  readonly versions: readonly ServiceRecord[];
  readonly now: number;
}

/** Disagreements shown before "show all". */
const FIRST_SAMPLES = 3;

function Agreement({ ratio, agreed, compared }: { readonly ratio: number | null; readonly agreed: number; readonly compared: number }) {
  if (ratio === null) return <span class="faint">no comparison yet</span>;
  const tone = ratio >= 0.99 ? '' : ratio >= 0.9 ? ' bar-warn' : ' bar-bad';
  return (
    <span class="nowrap" title={`${agreed} of ${compared} answers agreed with main`}>
      <span class={`bar${tone}`}><span style={{ width: `${Math.round(ratio * 100)}%` }} /></span>
      <strong class="num">{formatPercent(ratio)}</strong> <span class="muted num">({agreed}/{compared})</span>
    </span>
  );
}

const latency = (p: { readonly p50: number | null; readonly p99: number | null }) => `${formatMs(p.p50)} / ${formatMs(p.p99)}`;

function Lines({ lines, marked }: { readonly lines: readonly string[]; readonly marked?: readonly boolean[] }) {
  return (
    <pre>
      {lines.map((line, i) => (marked?.[i] ? <mark key={i}>{line}{'\n'}</mark> : `${line}\n`))}
    </pre>
  );
}

function Sample({ sample, now }: { readonly sample: Disagreement; readonly now: number }) {
  const main = bodyLines(sample.main.body, sample.main.truncated);
  const shadow = bodyLines(sample.shadow.body, sample.shadow.truncated);
  return (
    <article class="diff">
      <div class="diff-head">
        <strong class="mono">{sample.method} {sample.path}</strong>
        <span class="muted">{formatDateTime(sample.at, now)}</span>
      </div>
      <div class="diff-body">
        <div>
          <h3>Request</h3>
          <Lines lines={bodyLines(sample.request.body, sample.request.truncated)} />
        </div>
        <div>
          <h3>Main answered {sample.main.status}</h3>
          <Lines lines={main} marked={unmatchedLines(main, shadow)} />
        </div>
        <div>
          <h3>Shadow answered {sample.shadow.status}</h3>
          <Lines lines={shadow} marked={unmatchedLines(shadow, main)} />
        </div>
      </div>
    </article>
  );
}

function Disagreements({ report, now }: { readonly report: VersionReport; readonly now: number }) {
  const [all, setAll] = useState(false);
  const newest = [...report.shadow.disagreements].reverse();
  const shown = all ? newest : newest.slice(0, FIRST_SAMPLES);
  return (
    <div class="card-body" data-disagreements={report.version}>
      <h3 class="section-title">
        {report.version} disagreed with main on {plural(report.shadow.compared - report.shadow.agreed, 'request')}
        <span class="muted">the latest {newest.length} kept</span>
      </h3>
      <div class="diff-list">
        {shown.map((sample) => <Sample key={`${sample.at}${sample.path}`} sample={sample} now={now} />)}
      </div>
      {newest.length > FIRST_SAMPLES && (
        <p>
          <button type="button" class="button button-small" onClick={() => setAll(!all)}>
            {all ? 'Show fewer' : `Show all ${newest.length}`}
          </button>
        </p>
      )}
    </div>
  );
}

/** How the shadows of a name compare with its main version: traffic, errors, latency, agreement, and the latest disagreements. */
export function ShadowReport({ name, versions, now }: Props) {
  const report = usePoll(`shadow:${name}`, 3000, (signal) => api.shadow(name, signal));
  const byVersion = new Map((report.data?.versions ?? []).map((entry) => [entry.version, entry]));
  const shadows = versions.filter((record) => !record.main);
  return (
    <section class="card" aria-labelledby="shadow-title">
      <div class="card-head">
        <div>
          <h2 id="shadow-title">Shadow comparison</h2>
          <span class="muted">
            {shadows.length === 0
              ? `Only main runs: deploy another version of ${name} to get copies of its traffic and compare.`
              : 'Shadows get a copy of every request to main; their answers are compared with main\'s.'}
          </span>
        </div>
      </div>
      {report.error && <p class="alert alert-bad">{report.error}</p>}
      <table class="table table-stack" aria-label="Versions compared">
        <thead>
          <tr>
            <th>Version</th>
            <th>Role</th>
            <th class="right">Requests</th>
            <th class="right">Errors</th>
            <th class="right">p50 / p99</th>
            <th class="right">Copies</th>
            <th>Agreement with main</th>
            <th class="right">Copy errors</th>
            <th class="right">As shadow p50 / p99</th>
          </tr>
        </thead>
        <tbody>
          {versions.map((record) => {
            const entry = byVersion.get(record.version);
            const side = entry?.shadow;
            const asShadow = !record.main && side;
            return (
              <tr key={record.version} data-version={record.version}>
                <td data-label="Version" class="mono">{record.version}</td>
                <td data-label="Role"><RoleBadge main={record.main} /></td>
                <td data-label="Requests" class="right num">{formatNumber(entry?.requests ?? 0)}</td>
                <td data-label="Errors" class={`right num${entry && entry.errors > 0 ? ' text-warn' : ''}`}>{formatNumber(entry?.errors ?? 0)}</td>
                <td data-label="p50 / p99" class="right num nowrap">{entry ? latency(entry.latency_ms) : '—'}</td>
                <td data-label="Copies" class="right num" title={side ? `${side.dropped} dropped (queue full), ${side.skipped} not copied (body too large)` : undefined}>
                  {asShadow ? formatNumber(side.mirrored) : '—'}
                </td>
                <td data-label="Agreement with main">{asShadow ? <Agreement ratio={side.agreement} agreed={side.agreed} compared={side.compared} /> : <span class="faint">—</span>}</td>
                <td data-label="Copy errors" class={`right num${asShadow && side.errors > 0 ? ' text-warn' : ''}`} title={side?.last_error ?? undefined}>
                  {asShadow ? formatNumber(side.errors) : '—'}
                </td>
                <td data-label="As shadow p50 / p99" class="right num nowrap">
                  {asShadow ? (
                    <span>
                      {latency(side.latency_ms)}
                      <span class="sub">main {latency(side.main_latency_ms)}</span>
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {shadows
        .map((record) => byVersion.get(record.version))
        .filter((entry): entry is VersionReport => entry !== undefined && entry.shadow.disagreements.length > 0)
        .map((entry) => <Disagreements key={entry.version} report={entry} now={now} />)}
    </section>
  );
}
