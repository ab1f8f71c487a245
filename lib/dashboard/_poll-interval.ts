/** How soon a load made once (interval 0) is tried again after it failed (ms). */
const RETRY_INTERVAL = 5000;

/**
 * How long a poll waits before its next load (ms; 0: it makes none): its interval, and for a
 * load made once that failed the retry's, so that what it shows can recover.
 */
export const nextLoadIn = (interval: number, failed: boolean): number => (interval > 0 ? interval : failed ? RETRY_INTERVAL : 0);
