import * as v from 'valibot';

// A longer hold is a typo, and a far-off one would not fit a timestamp.
const MAX_TIMER_SECONDS = 10 * 365 * 24 * 3600;

// PostgreSQL text cannot hold NUL: refused here rather than failing in the database.
const text = v.pipe(v.string(), v.check((s) => !s.includes('\0'), 'Must not contain NUL characters'));

/**
 * The 8-field payload of `POST /notifications/` as services send it (the seed's `notify` and
 * mvi's); unknown fields are dropped, `emails` may be null or absent, a negative timer means 0.
 */
export const notificationPayload = v.object({
  service_name: text,
  service_version: text,
  msg: text,
  severity: v.picklist([0, 1, 2]),
  dashboard: v.boolean(),
  emails: v.nullish(v.array(v.pipe(v.string(), v.email())), null),
  timer: v.pipe(
    v.number(),
    v.finite(),
    v.maxValue(MAX_TIMER_SECONDS, `Must be at most ${MAX_TIMER_SECONDS} seconds`),
    v.transform((seconds) => Math.max(0, seconds)),
  ),
  timestamp: text,
});

/** A notification as it was received and validated. */
export type NotificationPayload = v.InferOutput<typeof notificationPayload>;
