import type { ServiceRecord } from '../manager/types.ts';
import { links } from './_api.ts';
import { RoleBadge, StatusBadge } from './_badges.tsx';
import { formatDuration } from './_format.ts';
import { logsHref, serviceHref } from './_hash-route.ts';
import { replicasOf, sortRecords, uptimeOf } from './_service-records.ts';

const formatReplicas = (replicas: ReturnType<typeof replicasOf>) => (replicas ? `${replicas.serving}/${replicas.total}` : '1');

/** Every deployed version: its role, status, uptime, restarts (and how many of its replicas serve, where some version runs several), with links to its page, logs and docs. */
export function ServicesTable({ services, now }: { readonly services: readonly ServiceRecord[]; readonly now: number }) {
  if (services.length === 0) {
    return (
      <div class="empty">
        <strong>No service is deployed yet</strong>
        Deploy one with <code>mvi deploy &lt;name&gt; &lt;version&gt; &lt;path&gt;</code>.
      </div>
    );
  }
  const sorted = sortRecords(services);
  const withReplicas = sorted.some((record) => replicasOf(record) !== undefined);
  return (
    <table class="table table-stack" aria-label="Services">
      <thead>
        <tr>
          <th>Service</th>
          <th>Version</th>
          <th>Role</th>
          <th>Status</th>
          <th class="right">Uptime</th>
          <th class="right">Restarts</th>
          {withReplicas && <th class="right">Replicas</th>}
          <th class="right">Open</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((record, i) => {
          const uptime = uptimeOf(record, now);
          const first = i > 0 && sorted[i - 1]!.name !== record.name;
          return (
            <tr key={`${record.name}_${record.version}`} class={first ? 'group-first' : undefined} data-service={`${record.name}_${record.version}`}>
              <td data-label="Service">
                <a class="service-name" href={serviceHref(record.name, record.version)}>{record.name}</a>
              </td>
              <td data-label="Version" class="mono">{record.version}</td>
              <td data-label="Role"><RoleBadge main={record.main} /></td>
              <td data-label="Status"><StatusBadge status={record.status} /></td>
              <td data-label="Uptime" class="right num nowrap">{uptime === undefined ? '—' : formatDuration(uptime)}</td>
              <td data-label="Restarts" class={`right num${record.restarts > 0 ? ' text-warn' : ''}`}>{record.restarts}</td>
              {withReplicas && <td data-label="Replicas" class="right num">{formatReplicas(replicasOf(record))}</td>}
              <td data-label="Open">
                <span class="links">
                  <a href={serviceHref(record.name, record.version)}>Monitor</a>
                  <a href={logsHref(record.name, record.version)}>Logs</a>
                  <a href={links.docs(record.name, record.version)} target="_blank" rel="noopener">API docs ↗</a>
                </span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
