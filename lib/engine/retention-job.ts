import type { ConsolaInstance } from 'consola';
import type { MonitorStore } from '../monitor/types.ts';
import type { JobDefinition, RetentionLimit } from '../service/types.ts';
import type { Clock } from './clock.ts';

/** The internal job that applies `retention` to `store` every `everyMs`, first one period after start. */
export function retentionJob(store: MonitorStore, retention: RetentionLimit, everyMs: number, clock: Clock, log: ConsolaInstance): JobDefinition {
  return {
    kind: 'job',
    name: '~retention',
    schedule: { kind: 'interval', ms: everyMs },
    waitFirst: true,
    run: async () => {
      const deleted = await store.clean(retention, clock.now());
      if (deleted > 0) log.info(`Retention (${retention.limit} ${retention.unit}) removed ${deleted} monitoring points`);
    },
  };
}
