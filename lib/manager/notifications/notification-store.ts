import type { ManagerSql } from '../manager-db.ts';
import type { Severity } from '../../protocol/severity.ts';
import { notificationKey } from './notification-key.ts';
import type { Notification } from '../../protocol/notification.ts';

/** One unique notification as `GET /notifications/` lists it: the last one received, with its counter and times. */
export interface NotificationEntry extends Notification {
  /** The stable key of service, version, message, severity, dashboard and timer. */
  readonly id: string;
  /** How often it was received. */
  readonly counter: number;
  /** When the manager received the first and the last one, ISO 8601 UTC. */
  readonly first_seen: string;
  readonly last_seen: string;
  /** Until when repeated e-mails are held back by its timer; null when the next one is sent. */
  readonly frozen_until: string | null;
}

/** What recording a notification decided. */
export interface Recorded {
  /** How often it has been received, this one included. */
  readonly counter: number;
  /** When the manager received the first one. */
  readonly firstSeen: Date;
  /** Whether its e-mail is due: asked for, and not held back by the timer of an earlier one. */
  readonly mailDue: boolean;
}

/** The manager's notifications, kept in its database. */
export interface NotificationStore {
  /** Counts `n` in at time `at` (ms); with `mail`, its e-mail is wanted, and the timer starts when it is due. */
  record(n: Notification, at: number, mail: boolean): Promise<Recorded>;
  /** Every unique notification, the last seen first. */
  list(now: number): Promise<NotificationEntry[]>;
  clear(): Promise<void>;
}

interface Row {
  readonly key: string;
  readonly service_name: string;
  readonly service_version: string;
  readonly msg: string;
  readonly severity: Severity;
  readonly dashboard: boolean;
  readonly emails: string[] | null;
  readonly timer: number;
  readonly sent_at: string;
  readonly counter: number;
  readonly first_at: Date;
  readonly last_at: Date;
  readonly frozen_until: Date | null;
}

const TABLE = 'mvi_manager_notifications';

const SCHEMA = `CREATE TABLE IF NOT EXISTS ${TABLE} (
  key text PRIMARY KEY,
  service_name text NOT NULL,
  service_version text NOT NULL,
  msg text NOT NULL,
  severity smallint NOT NULL,
  dashboard boolean NOT NULL,
  timer double precision NOT NULL,
  emails jsonb,
  sent_at text NOT NULL,
  counter integer NOT NULL,
  first_at timestamptz NOT NULL,
  last_at timestamptz NOT NULL,
  frozen_until timestamptz
);
CREATE INDEX IF NOT EXISTS ${TABLE}_last_at ON ${TABLE} (last_at)`;

// One statement, so that two notifications arriving together cannot both find the timer run out:
// `prev` reads the hold from before the statement, the update starts a new hold only when the
// old one is over.
const RECORD = `WITH prev AS (SELECT frozen_until FROM ${TABLE} WHERE key = $1)
INSERT INTO ${TABLE} AS n (key, service_name, service_version, msg, severity, dashboard, timer, emails, sent_at, counter, first_at, last_at, frozen_until)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, 1, $10::timestamptz, $10::timestamptz, $11::timestamptz)
ON CONFLICT (key) DO UPDATE SET
  emails = EXCLUDED.emails,
  sent_at = EXCLUDED.sent_at,
  counter = n.counter + 1,
  last_at = EXCLUDED.last_at,
  frozen_until = CASE WHEN $12::boolean AND (n.frozen_until IS NULL OR n.frozen_until <= EXCLUDED.last_at)
    THEN EXCLUDED.frozen_until ELSE n.frozen_until END
RETURNING counter, first_at, (SELECT frozen_until FROM prev) AS held_until`;

// The oldest beyond the limit go, so a service that puts a changing value into its messages
// cannot grow the table without end.
const PRUNE = `DELETE FROM ${TABLE} WHERE key IN (SELECT key FROM ${TABLE} ORDER BY last_at DESC, key OFFSET $1)`;

const iso = (ms: number) => new Date(ms).toISOString();

/** Opens the notifications of the manager's database `pg` (creating their table), keeping at most `maxEntries`. */
export async function openNotificationStore(pg: ManagerSql, maxEntries: number): Promise<NotificationStore> {
  await pg.exec(SCHEMA);
  return {
    async record(n, at, mail) {
      const holdUntil = mail && n.timer > 0 ? iso(at + n.timer * 1000) : null;
      const emails = n.emails ? JSON.stringify(n.emails) : null;
      const params = [notificationKey(n), n.service_name, n.service_version, n.msg, n.severity, n.dashboard, n.timer, emails, n.timestamp, iso(at), holdUntil, mail];
      const result = await pg.query<{ counter: number; first_at: Date; held_until: Date | null }>(RECORD, params);
      const { counter, first_at, held_until } = result.rows[0]!;
      if (counter === 1) await pg.query(PRUNE, [maxEntries]);
      return { counter, firstSeen: first_at, mailDue: mail && (held_until === null || held_until.getTime() <= at) };
    },
    async list(now) {
      const { rows } = await pg.query<Row>(`SELECT * FROM ${TABLE} ORDER BY last_at DESC, key`);
      return rows.map((row) => ({
        id: row.key,
        service_name: row.service_name,
        service_version: row.service_version,
        msg: row.msg,
        severity: row.severity,
        dashboard: row.dashboard,
        emails: row.emails,
        timer: row.timer,
        timestamp: row.sent_at,
        counter: row.counter,
        first_seen: row.first_at.toISOString(),
        last_seen: row.last_at.toISOString(),
        frozen_until: row.frozen_until && row.frozen_until.getTime() > now ? row.frozen_until.toISOString() : null,
      }));
    },
    async clear() {
      await pg.exec(`DELETE FROM ${TABLE}`);
    },
  };
}
