import { toQuery } from '../../communication/_query.ts';
import { bearer } from '../../protocol/headers.ts';
import { logsPath, type LogsQuery } from '../../protocol/logs-query.ts';
import { MANAGER_ROUTES } from '../../protocol/routes.ts';
import type { DeployRequest } from '../deploy-request.ts';
import type { NotificationEntry, Role, ServiceRecord, ShadowReport, TokenInfo, UserInfo } from '../types.ts';
import { managerErrorOf, ManagerUnreachableError, unreachableReason } from './manager-error.ts';

/** What `POST /services/` is asked to deploy; `replicas` is sent only when given. */
export type DeployFields = Omit<DeployRequest, 'archive'>;

/** Which versions `DELETE /services/` stops: one, or every version of the name. */
export type KillTarget = { readonly version: string } | { readonly all: true };

/** Options of {@link createManagerClient}. */
export interface ManagerClientOptions {
  /** The bearer token every request carries (none: only open routes answer, unless auth is off). */
  readonly token?: string;
  /** The fetch to use (default the global one). */
  readonly fetch?: typeof fetch;
}

/** The management API of one manager, typed from the manager's own contracts. */
export interface ManagerClient {
  /** The manager's URL, without a trailing slash. */
  readonly url: string;
  /** `GET /~version`. */
  version(): Promise<string>;
  /** `POST /auth/login`: a session token (valid 7 days). */
  login(username: string, password: string): Promise<string>;
  /** `GET /auth/logout`: ends the session of this client's token. */
  logout(): Promise<void>;
  /** `GET /auth/verify`: who this client's token speaks for. */
  verify(): Promise<{ readonly user: string; readonly role: Role }>;
  /** `GET /services/`. */
  services(): Promise<ServiceRecord[]>;
  /** `POST /services/`: JSON, or multipart with `archive` (a `.tar.gz` of the project); answers once the version is healthy. */
  deploy(fields: DeployFields, archive?: Blob): Promise<ServiceRecord>;
  /** `PUT /services/~assign`: makes a version main. */
  assign(name: string, version: string): Promise<ServiceRecord>;
  /** `DELETE /services/`: the `{name}_{version}` keys stopped. */
  kill(name: string, target: KillTarget): Promise<string[]>;
  /** `GET /services/~logs`: the log as a byte stream, which goes on while `follow` until `signal` aborts. */
  logs(name: string, version: string, options?: Pick<LogsQuery, 'tail' | 'follow'> & { readonly signal?: AbortSignal }): Promise<ReadableStream<Uint8Array>>;
  /** `GET /services/~shadow`. */
  shadow(name: string): Promise<ShadowReport>;
  /** `GET /auth/token`. */
  tokens(): Promise<TokenInfo[]>;
  /** `POST /auth/token`: a new API token, expiring after `days` (never without). */
  mintToken(days?: number): Promise<{ readonly token: string; readonly id: string }>;
  /** `DELETE /auth/token?id=`. */
  revokeToken(id: string): Promise<void>;
  /** `GET /admin/users`. */
  users(): Promise<UserInfo[]>;
  /** `POST /admin/users`. */
  addUser(name: string, password: string, role?: Role): Promise<void>;
  /** `PUT /admin/users/{name}`. */
  changeUser(name: string, change: { readonly password?: string; readonly role?: Role }): Promise<void>;
  /** `DELETE /admin/users/{name}`. */
  removeUser(name: string): Promise<void>;
  /** `GET /notifications/`, the last seen first. */
  notifications(): Promise<NotificationEntry[]>;
  /** `DELETE /notifications/`. */
  clearNotifications(): Promise<void>;
}

/**
 * A client of the manager at `url`: each method is one route of its management API, resolves to
 * the typed answer, and rejects with a `ManagerError` (status and the manager's own message) or a
 * `ManagerUnreachableError`.
 * @example
 * const manager = createManagerClient('http://127.0.0.1:4000', { token });
 * const services = await manager.services();
 */
export function createManagerClient(url: string, options: ManagerClientOptions = {}): ManagerClient {
  const base = url.replace(/\/+$/, '');
  const fetcher = options.fetch ?? fetch;
  const auth: Record<string, string> = options.token === undefined ? {} : { authorization: bearer(options.token) };

  async function send(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    const json = body !== undefined && !(body instanceof FormData);
    const init: RequestInit = {
      method,
      headers: json ? { ...auth, 'content-type': 'application/json' } : auth,
      body: json ? JSON.stringify(body) : (body as FormData | undefined),
      signal,
    };
    let response: Response;
    try {
      response = await fetcher(`${base}${path}`, init);
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ManagerUnreachableError(base, unreachableReason(error));
    }
    if (!response.ok) throw managerErrorOf(response.status, await response.text());
    return response;
  }
  // The one cast: a success's JSON is the route's own shape (lib/manager/types.ts), built by the route.
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => (await (await send(method, path, body)).json()) as T;
  const done = async (method: string, path: string, body?: unknown): Promise<void> => {
    await (await send(method, path, body)).body?.cancel();
  };

  return {
    url: base,
    version: () => call<string>('GET', MANAGER_ROUTES.version),
    login: async (username, password) => (await call<{ token: string }>('POST', MANAGER_ROUTES.login, { username, password })).token,
    logout: () => done('GET', MANAGER_ROUTES.logout),
    verify: () => call('GET', MANAGER_ROUTES.verify),
    services: () => call('GET', MANAGER_ROUTES.services),
    deploy(fields, archive) {
      if (!archive) return call('POST', MANAGER_ROUTES.services, fields);
      // Multipart fields are text: the list, the object and the numbers go as JSON.
      const form = new FormData();
      for (const [key, value] of Object.entries(fields)) {
        if (value !== undefined) form.set(key, typeof value === 'string' ? value : JSON.stringify(value));
      }
      form.set('file', archive, `${fields.name}_${fields.version}.tar.gz`);
      return call('POST', MANAGER_ROUTES.services, form);
    },
    assign: (name, version) => call('PUT', MANAGER_ROUTES.assign, { name, version }),
    kill: async (name, target) => (await call<{ killed: string[] }>('DELETE', MANAGER_ROUTES.services, { name, ...target })).killed,
    async logs(name, version, { tail, follow, signal } = {}) {
      const response = await send('GET', logsPath({ name, version, tail, follow }), undefined, signal);
      return response.body ?? new ReadableStream({ start: (controller) => controller.close() });
    },
    shadow: (name) => call('GET', `${MANAGER_ROUTES.shadow}?${toQuery({ name })}`),
    tokens: () => call('GET', MANAGER_ROUTES.token),
    mintToken: (days) => call('POST', MANAGER_ROUTES.token, days === undefined ? {} : { expires_in_days: days }),
    revokeToken: (id) => done('DELETE', `${MANAGER_ROUTES.token}?${toQuery({ id })}`),
    users: () => call('GET', MANAGER_ROUTES.users),
    addUser: (name, password, role) => done('POST', MANAGER_ROUTES.users, { name, password, role }),
    changeUser: (name, change) => done('PUT', `${MANAGER_ROUTES.users}/${encodeURIComponent(name)}`, change),
    removeUser: (name) => done('DELETE', `${MANAGER_ROUTES.users}/${encodeURIComponent(name)}`),
    notifications: () => call('GET', MANAGER_ROUTES.notifications),
    clearNotifications: () => done('DELETE', MANAGER_ROUTES.notifications),
  };
}
