import type { ConsolaInstance } from 'consola';
import type { MonitorStore } from '../monitor/types.ts';
import type { JobDefinition, RetentionLimit } from '../service/types.ts';
import type { Clock } from './clock.ts';
import type { Scheduler } from './scheduler.ts';

const RETENTION_JOB = '~retention';

/** The internal job that applies `retention` to `store` every `everyMs`, first one period after start until {@link armRetention} moves it. */
export function retentionJob(store: MonitorStore, retention: RetentionLimit, everyMs: number, clock: Clock, log: ConsolaInstance): JobDefinition {
  return {
    kind: 'job',
    name: RETENTION_JOB,
    schedule: { kind: 'interval', ms: everyMs },
    waitFirst: true,
    run: async () => {
      const deleted = await store.clean(retention, clock.now());
      if (deleted > 0) log.info(`Retention (${retention.limit} ${retention.unit}) removed ${deleted} monitoring points`);
    },
  };
}

/**
 * Moves the first run of the retention job to one period after the store's last clean: by
 * process uptime alone, a service that restarts more often than `everyMs` would never clean.
 */
export async function armRetention(store: MonitorStore, everyMs: number, clock: Clock, scheduler: Scheduler, log: ConsolaInstance): Promise<void> {
  try {
    scheduler.reschedule(RETENTION_JOB, (await store.lastClean(clock.now())) + everyMs);
  } catch (error) {
    // A store that cannot answer has said why where it failed: one line here is enough.
    log.warn(`Could not read when retention last ran (${(error as Error).message}); it runs every ${everyMs / 1000}s from this start`);
  }
}
