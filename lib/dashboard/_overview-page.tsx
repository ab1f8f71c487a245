import type { NotificationEntry } from '../manager/notifications/notification-store.ts';
import type { ServiceRecord } from '../manager/types.ts';
import { Severity } from '../protocol/severity.ts';
import { dashboardNotes, NotificationsPanel } from './_notifications-panel.tsx';
import { ServicesTable } from './_services-table.tsx';
import type { Polled } from './_use-poll.ts';

interface Props {
  readonly services: Polled<ServiceRecord[]>;
  readonly notifications: Polled<NotificationEntry[]>;
  readonly now: number;
}

function Tile({ value, label, tone }: { readonly value: number; readonly label: string; readonly tone?: 'bad' | 'warn' | undefined }) {
  return (
    <div class={`tile${tone ? ` tile-${tone}` : ''}`}>
      <div class="tile-value">{value}</div>
      <div class="tile-label">{label}</div>
    </div>
  );
}

/** The first page: counts at a glance, every version, the notifications. */
export function OverviewPage({ services, notifications, now }: Props) {
  const list = services.data ?? [];
  const running = list.filter((record) => record.status === 'running').length;
  const unwell = list.length - running;
  const notes = dashboardNotes(notifications.data);
  const critical = notes.filter((note) => note.severity === Severity.CRITICAL).length;
  return (
    <>
      <div class="page-head">
        <div>
          <h1>Services</h1>
          <p class="muted">Every deployed version, as the manager runs it.</p>
        </div>
      </div>
      <div class="tiles">
        <Tile value={new Set(list.map((record) => record.name)).size} label="services" />
        <Tile value={running} label={`of ${list.length} versions running`} tone={unwell > 0 ? 'warn' : undefined} />
        <Tile value={list.filter((record) => !record.main).length} label="shadow versions" />
        <Tile value={notes.length} label={critical > 0 ? `notifications, ${critical} critical` : 'notifications'} tone={critical > 0 ? 'bad' : undefined} />
      </div>
      <section class="card" aria-label="Deployed versions">
        {services.data === undefined ? <div class="empty">{services.error ?? 'Loading…'}</div> : <ServicesTable services={services.data} now={now} />}
      </section>
      <NotificationsPanel notifications={notifications} now={now} />
    </>
  );
}
