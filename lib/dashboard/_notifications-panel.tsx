import { useState } from 'preact/hooks';
import type { NotificationEntry } from '../manager/notifications/notification-store.ts';
import { api } from './_api.ts';
import { SeverityBadge } from './_badges.tsx';
import { formatAgo, formatDateTime } from './_format.ts';
import { NOTIFICATIONS_ID } from './_hash-route.ts';
import type { Polled } from './_use-poll.ts';

/** The notifications meant for the dashboard, the last seen first. */
export const dashboardNotes = (entries: readonly NotificationEntry[] | undefined) => (entries ?? []).filter((entry) => entry.dashboard);

/** The notifications: severity, message, sender, how often and when first and last seen; all cleared with one button. */
export function NotificationsPanel({ notifications, now }: { readonly notifications: Polled<NotificationEntry[]>; readonly now: number }) {
  const [clearing, setClearing] = useState(false);
  const [error, setError] = useState<string>();
  const notes = dashboardNotes(notifications.data);
  const clear = async () => {
    setClearing(true);
    setError(undefined);
    try {
      await api.clearNotifications();
      notifications.refresh();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setClearing(false);
    }
  };
  return (
    <section class="card link-target" id={NOTIFICATIONS_ID} aria-labelledby="notifications-title">
      <div class="card-head">
        <h2 id="notifications-title">
          Notifications {notes.length > 0 && <span class="muted">({notes.length})</span>}
        </h2>
        <button type="button" class="button button-small button-danger" onClick={clear} disabled={clearing || notes.length === 0}>
          Clear all
        </button>
      </div>
      {error && <p class="alert alert-bad">{error}</p>}
      {notifications.data === undefined ? (
        <div class="empty">{notifications.error ?? 'Loading…'}</div>
      ) : notes.length === 0 ? (
        <div class="empty">
          <strong>No notifications</strong>
          Services raise them with <code>ctx.notify()</code>; the manager adds its own when a version crashes.
        </div>
      ) : (
        <ul class="notes">
          {notes.map((note) => (
            <li class="note" key={note.id}>
              <SeverityBadge severity={note.severity} />
              <div class="note-msg">{note.msg}</div>
              <div class="note-counter" title="How often it was received">×{note.counter}</div>
              <div class="note-meta">
                {note.service_name} {note.service_version} · first seen {formatDateTime(note.first_seen, now)} · last seen {formatDateTime(note.last_seen, now)} (
                {formatAgo(note.last_seen, now)})
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
