import type { ServiceRecord } from '../manager/types.ts';

/** Versions in the order the dashboard lists them: by name, main first, then by version. */
export function sortRecords(records: readonly ServiceRecord[]): ServiceRecord[] {
  const collator = new Intl.Collator('en', { numeric: true });
  return [...records].sort((a, b) => collator.compare(a.name, b.name) || Number(b.main) - Number(a.main) || collator.compare(a.version, b.version));
}

/** How long a running version's process has been up (ms); undefined when it is not running. */
export function uptimeOf(record: ServiceRecord, now: number): number | undefined {
  if (record.status !== 'running' || record.started_at === undefined) return undefined;
  const started = Date.parse(record.started_at);
  return Number.isNaN(started) ? undefined : Math.max(0, now - started);
}

/** How many replicas a version runs, where the manager says (a count, or a list of them). */
export function replicasOf(record: ServiceRecord): number | undefined {
  if (!('replicas' in record)) return undefined;
  const { replicas } = record;
  if (typeof replicas === 'number') return replicas;
  return Array.isArray(replicas) ? replicas.length : undefined;
}
