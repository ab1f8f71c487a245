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

/** A version's replicas: how many run and how many of them serve (running), or undefined for a single process. */
export function replicasOf(record: ServiceRecord): { readonly total: number; readonly serving: number } | undefined {
  const { replicas } = record;
  if (replicas.length <= 1) return undefined;
  return { total: replicas.length, serving: replicas.filter((replica) => replica.status === 'running').length };
}
