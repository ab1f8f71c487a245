import type { RetentionLimit } from '../service/types.ts';

const UNIT_MS = { days: 86_400_000, hours: 3_600_000, minutes: 60_000, seconds: 1_000 } as const;

/** The timestamp at or before which an age-based retention deletes points. */
export function retentionCutoff(retention: RetentionLimit, now: number): number {
  if (retention.unit === 'rows') throw new TypeError('retentionCutoff() is for age limits, not rows');
  return now - retention.limit * UNIT_MS[retention.unit];
}
