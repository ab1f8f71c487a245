import { Cron } from 'croner';
import { parseDuration } from './duration.ts';
import type { JobSchedule } from './types.ts';

/**
 * The schedule of `.every()`: seconds (number), a duration string (`'30s'`, `'5m'`) or a
 * cron pattern (`'*\/5 * * * *'`, optionally with a seconds field); throws when invalid.
 */
export function parseSchedule(interval: number | string, jobName: string): JobSchedule {
  const ms = parseDuration(interval);
  if (ms !== undefined) return { kind: 'interval', ms };
  if (typeof interval === 'string' && interval.trim().includes(' ')) {
    try {
      // croner validates the pattern; a paused job schedules nothing.
      new Cron(interval.trim(), { paused: true }).stop();
      return { kind: 'cron', pattern: interval.trim() };
    } catch (error) {
      throw new TypeError(`Job "${jobName}": invalid cron pattern "${interval}": ${(error as Error).message}`);
    }
  }
  throw new TypeError(
    `Job "${jobName}": invalid interval ${JSON.stringify(interval)}; use seconds (> 0), a duration such as '30s', '5m', '1h', or a cron pattern`,
  );
}

/** Milliseconds since the epoch of the first run of a cron pattern strictly after `after`. */
export function nextCronRun(pattern: string, after: number): number | undefined {
  const next = new Cron(pattern, { paused: true }).nextRun(new Date(after));
  return next?.getTime();
}
