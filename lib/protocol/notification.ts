import * as v from 'valibot';
import { Severity } from './severity.ts';

/**
 * The 8-field notification payload of `POST {manager}/notifications/`, as `notify()` sends it
 * and the manager validates it; unknown fields are dropped, `emails` may be left out (the seed
 * sends `null` for none).
 */
export const NotificationSchema = v.pipe(
  v.object({
    /** Name of the sending service. */
    service_name: v.string(),
    /** Version of the sending service. */
    service_version: v.string(),
    /** The message. */
    msg: v.pipe(v.string(), v.maxLength(10_000)),
    /** 0 info, 1 warning, 2 critical. */
    severity: v.picklist(Object.values(Severity)),
    /** Show it on the dashboard. */
    dashboard: v.boolean(),
    /** E-mail recipients, or null for none. */
    emails: v.optional(v.nullable(v.pipe(v.array(v.pipe(v.string(), v.email())), v.maxLength(100), v.readonly())), null),
    /** Seconds before the same notification may be e-mailed again, never negative. */
    timer: v.pipe(v.number(), v.finite(), v.minValue(0)),
    /** When it was raised, ISO 8601 UTC. */
    timestamp: v.pipe(v.string(), v.maxLength(64)),
  }),
  v.readonly(),
);

/** The manager's 8-field notification payload, exactly as it goes on the wire. */
export type Notification = v.InferOutput<typeof NotificationSchema>;
