import type { ServiceRecord } from '../manager/types.ts';
import { printTable } from './table.ts';

/** How long ago `since` was, in its two largest units: `45s`, `3m 12s`, `5h 2m`, `2d 3h`. */
export function formatAge(since: string | undefined, now = Date.now()): string | undefined {
  if (since === undefined) return undefined;
  let seconds = Math.max(0, Math.round((now - Date.parse(since)) / 1000));
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (seconds >= size || (unit === 's' && parts.length === 0)) {
      parts.push(`${Math.floor(seconds / size)}${unit}`);
      seconds %= size;
    }
  }
  return parts.slice(0, 2).join(' ');
}

/** Prints deployed versions as a table: name, version, main or shadow, status, uptime, restarts, pid, port. */
export function printServices(services: readonly ServiceRecord[]): void {
  printTable(
    ['NAME', 'VERSION', 'ROLE', 'STATUS', 'UPTIME', 'RESTARTS', 'PID', 'PORT'],
    services.map((s) => [s.name, s.version, s.main ? 'main' : 'shadow', s.status, s.status === 'running' ? formatAge(s.started_at) : undefined, s.restarts, s.pid, s.port]),
  );
}
