import { toQuery } from '../communication/_query.ts';
import type { NotificationEntry } from '../manager/notifications/notification-store.ts';
import type { ServiceRecord, ShadowReport } from '../manager/types.ts';
import type { MonitorData } from '../monitor/types.ts';
import { logsPath } from '../protocol/logs-query.ts';
import { MANAGER_ROUTES } from '../protocol/routes.ts';
import { servicePrefix } from '../protocol/service-path.ts';
import type { OpenApiDocument } from '../runtime/openapi.ts';
import { apiErrorOf } from './_api-error.ts';

let reloading = false;

// A 401 means the session ended (expired, logged out elsewhere) only when the manager says so: a
// service behind the gateway may answer 401 of its own, and reloading then would loop.
async function checkSession(): Promise<void> {
  if (reloading) return;
  const verify = await fetch(MANAGER_ROUTES.verify, { headers: { accept: 'application/json' } }).catch(() => undefined);
  if (verify?.status === 401 && !reloading) {
    reloading = true;
    // The page at / is now the login.
    window.location.reload();
  }
}

interface Call {
  readonly method?: string;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | undefined;
}

async function call(path: string, { headers, ...init }: Call = {}): Promise<Response> {
  const response = await fetch(path, { ...init, headers: { accept: 'application/json', ...headers } });
  if (response.status === 401) await checkSession();
  if (response.ok) return response;
  throw await apiErrorOf(response);
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await call(path, { signal })).json();
}

async function sendJson<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init = body === undefined ? { method } : { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  return (await call(path, init)).json();
}

const iso = (ms: number) => new Date(ms).toISOString();
const versionPath = (name: string, version: string, rest: string) => `${servicePrefix(name, version)}${rest}`;

/** Addresses the dashboard links to rather than fetches. */
export const links = {
  docs: (name: string, version: string) => versionPath(name, version, '/docs'),
  csv: (name: string, version: string, start: number, end: number) => versionPath(name, version, `/~monitor/csv?${toQuery({ start: iso(start), end: iso(end) })}`),
  log: (name: string, version: string) => logsPath({ name, version, tail: 'all' }),
  logout: () => `${MANAGER_ROUTES.logout}?${toQuery({ destination: MANAGER_ROUTES.dashboard })}`,
};

/** The manager's API (and services' own routes through its gateway), typed with the manager's own types. */
export const api = {
  services: (signal?: AbortSignal) => getJson<ServiceRecord[]>(MANAGER_ROUTES.services, signal),
  notifications: (signal?: AbortSignal) => getJson<NotificationEntry[]>(MANAGER_ROUTES.notifications, signal),
  clearNotifications: () => sendJson<null>('DELETE', MANAGER_ROUTES.notifications),
  shadow: (name: string, signal?: AbortSignal) => getJson<ShadowReport>(`${MANAGER_ROUTES.shadow}?${toQuery({ name })}`, signal),
  whoAmI: (signal?: AbortSignal) => getJson<{ readonly user: string; readonly role: string }>(MANAGER_ROUTES.verify, signal),
  monitor: (name: string, version: string, start: number, end: number, signal?: AbortSignal) =>
    getJson<MonitorData>(versionPath(name, version, `/~monitor?${toQuery({ start: iso(start), end: iso(end) })}`), signal),
  parameters: (name: string, version: string, signal?: AbortSignal) => getJson<Record<string, unknown>>(versionPath(name, version, '/~parameters'), signal),
  setParameter: (name: string, version: string, parameter: string, value: unknown) =>
    sendJson<string>('POST', versionPath(name, version, `/~parameters/${encodeURIComponent(parameter)}`), { value }),
  openapi: (name: string, version: string, signal?: AbortSignal) => getJson<OpenApiDocument>(versionPath(name, version, '/openapi.json'), signal),
  /** The log's last `tail` lines, then everything written while `signal` lets it run. */
  followLog: (name: string, version: string, tail: number, signal: AbortSignal) =>
    call(logsPath({ name, version, tail, follow: true }), { signal, headers: { accept: 'text/plain' } }),
};
