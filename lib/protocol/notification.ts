import * as v from 'valibot';
import { Severity } from './severity.ts';

// A longer hold is a typo, and a far-off one would not fit a timestamp.
const MAX_TIMER_SECONDS = 10 * 365 * 24 * 3600;

// PostgreSQL text cannot hold NUL: refused here rather than failing in the manager's database.
const text = (max: number) => v.pipe(v.string(), v.maxLength(max), v.check((s) => !s.includes('\0'), 'Must not contain NUL characters'));

/**
 * The 8-field notification payload of `POST {manager}/notifications/`, as `notify()` (and the
 * seed's) sends it and the manager validates it; unknown fields are dropped, `emails` may be
 * null or left out (the seed sends `null` for none), a negative timer means 0.
 */
export const NotificationSchema = v.pipe(
  v.object({
    /** Name of the sending service. */
    service_name: text(200),
    /** Version of the sending service. */
    service_version: text(200),
    /** The message. */
    msg: text(10_000),
    /** 0 info, 1 warning, 2 critical. */
    severity: v.picklist(Object.values(Severity)),
    /** Show it on the dashboard. */
    dashboard: v.boolean(),
    /** E-mail recipients, or null for none. */
    emails: v.nullish(v.pipe(v.array(v.pipe(v.string(), v.email())), v.maxLength(100), v.readonly()), null),
    /** Seconds before the same notification may be e-mailed again. */
    timer: v.pipe(
      v.number(),
      v.finite(),
      v.maxValue(MAX_TIMER_SECONDS, `Must be at most ${MAX_TIMER_SECONDS} seconds`),
      v.transform((seconds) => Math.max(0, seconds)),
    ),
    /** When it was raised, ISO 8601 UTC. */
    timestamp: text(64),
  }),
  v.readonly(),
);

/** The manager's 8-field notification payload, exactly as it goes on the wire. */
export type Notification = v.InferOutput<typeof NotificationSchema>;
