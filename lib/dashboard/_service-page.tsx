import type { ServiceRecord } from '../manager/types.ts';
import { links } from './_api.ts';
import { RoleBadge, StatusBadge } from './_badges.tsx';
import { formatDuration, plural } from './_format.ts';
import { logsHref, routeHref, serviceHref } from './_hash-route.ts';
import { MonitorSection } from './_monitor-section.tsx';
import { ParametersPanel } from './_parameters-panel.tsx';
import { ShadowReport } from './_shadow-report.tsx';
import { replicasOf, sortRecords, uptimeOf } from './_service-records.ts';
import type { TimeRange } from './_time-range.ts';
import type { Polled } from './_use-poll.ts';
import { VersionTabs } from './_version-tabs.tsx';

interface Props {
  readonly name: string;
  readonly version: string;
  readonly range: TimeRange;
  readonly services: Polled<ServiceRecord[]>;
  readonly now: number;
}

function Meta({ record, now }: { readonly record: ServiceRecord; readonly now: number }) {
  const uptime = uptimeOf(record, now);
  const replicas = replicasOf(record);
  return (
    <div class="service-meta">
      <RoleBadge main={record.main} />
      <StatusBadge status={record.status} />
      {uptime !== undefined && <span>up {formatDuration(uptime)}</span>}
      <span class={record.restarts > 0 ? 'text-warn' : undefined}>{plural(record.restarts, 'restart')}</span>
      {replicas !== undefined && <span>{plural(replicas.total, 'replica')}, {replicas.serving} serving</span>}
    </div>
  );
}

/** One version: its monitored variables over a range, its parameters, and how the versions of its name compare. */
export function ServicePage({ name, version, range, services, now }: Props) {
  const versions = sortRecords((services.data ?? []).filter((record) => record.name === name));
  const record = versions.find((candidate) => candidate.version === version);
  if (services.data && !record) {
    return (
      <div class="card empty">
        <strong>No version {version} of {name} is deployed</strong>
        <a href="#/">Back to the services</a>
      </div>
    );
  }
  const setRange = (next: TimeRange) => {
    window.location.hash = routeHref({ page: 'service', name, version, range: next });
  };
  return (
    <>
      <div class="page-head">
        <div>
          <div class="crumbs"><a href="#/">Services</a> / {name}</div>
          <h1>
            {name} <span class="mono muted">{version}</span>
          </h1>
          {record && <Meta record={record} now={now} />}
        </div>
        <div class="actions">
          <VersionTabs versions={versions} current={version} href={(other) => serviceHref(name, other, range)} />
          <a class="button" href={logsHref(name, version)}>Logs</a>
          <a class="button" href={links.docs(name, version)} target="_blank" rel="noopener">API docs ↗</a>
        </div>
      </div>
      <div class="columns">
        <MonitorSection key={`${name}_${version}`} name={name} version={version} range={range} now={now} onRange={setRange} />
        <ParametersPanel key={`${name}_${version}`} name={name} version={version} />
      </div>
      <ShadowReport name={name} versions={versions} now={now} />
    </>
  );
}
