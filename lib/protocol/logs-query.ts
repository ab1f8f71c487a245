import { MANAGER_ROUTES } from './routes.ts';

/** The query of `GET /services/~logs`: whose log, how much of it, and whether to follow it. */
export interface LogsQuery {
  /** The service. */
  readonly name: string;
  /** Its version. */
  readonly version: string;
  /** How many of the last lines, or `'all'` (the default). */
  readonly tail?: number | 'all';
  /** Keep the answer open and send every line written, until the caller aborts (default false). */
  readonly follow?: boolean;
}

/** The path of `GET /services/~logs` with `query` as its query string; undefined members are left out. */
export function logsPath({ name, version, tail, follow }: LogsQuery): string {
  // Typed by the query's keys, so that a renamed member cannot leave its wire name behind.
  const wire: Record<keyof LogsQuery, string | undefined> = { name, version, tail: tail?.toString(), follow: follow?.toString() };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(wire)) if (value !== undefined) params.append(key, value);
  return `${MANAGER_ROUTES.logs}?${params}`;
}
