import { MANAGER_ROUTES } from '../../protocol/routes.ts';
import { SERVICES_PATH } from '../../protocol/service-path.ts';
import type { Role } from '../../protocol/token-claims.ts';

const PEOPLE: readonly Role[] = Object.freeze(['admin', 'user']);
const CALLERS: readonly Role[] = Object.freeze(['admin', 'user', 'service']);
const ADMINS: readonly Role[] = Object.freeze(['admin']);

/**
 * Who may use each route of the manager, the one table every check reads: a service's token
 * can call services and notify, never deploy, kill, read logs or mint tokens. No route lets
 * the manager's own token in: that one is for services only.
 */
export const ROUTE_ROLES = Object.freeze({
  /** `ANY /services/{name}[_{version}]/…`: the gateway. */
  callService: CALLERS,
  /** `POST /notifications/`. */
  notify: CALLERS,
  /** `GET /services/`. */
  listServices: PEOPLE,
  /** `POST /services/`. */
  deploy: PEOPLE,
  /** `PUT /services/~assign`. */
  assign: PEOPLE,
  /** `DELETE /services/`. */
  kill: PEOPLE,
  /** `GET /services/~logs`. */
  logs: PEOPLE,
  /** `GET /services/~shadow`. */
  shadowReport: PEOPLE,
  /** `GET /notifications/`. */
  readNotifications: PEOPLE,
  /** `DELETE /notifications/`. */
  clearNotifications: PEOPLE,
  /** `GET / POST / DELETE /auth/token`. */
  tokens: PEOPLE,
  /** `GET /`: the dashboard (anyone else gets its login page there). */
  dashboard: PEOPLE,
  /** `/admin/users[/{name}]`. */
  users: ADMINS,
  /** Any route not named here. */
  other: ADMINS,
});

/**
 * Routes anyone may reach: health, version, and the login itself (`/auth/verify` answers 401 by
 * itself, `/` checks for ROUTE_ROLES.dashboard itself and shows the login page to anyone else).
 */
const OPEN = new Set<string>([MANAGER_ROUTES.health, MANAGER_ROUTES.version, MANAGER_ROUTES.login, MANAGER_ROUTES.logout, MANAGER_ROUTES.verify, MANAGER_ROUTES.dashboard]);

const trimmed = (path: string) => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);

function servicesRoute(method: string, rest: string): readonly Role[] {
  if (rest === '' || rest === '/') {
    if (method === 'POST') return ROUTE_ROLES.deploy;
    if (method === 'DELETE') return ROUTE_ROLES.kill;
    return ROUTE_ROLES.listServices;
  }
  const segment = rest.slice(1).split('/')[0] ?? '';
  if (segment === '' || segment.startsWith('~')) {
    const path = `${SERVICES_PATH}/${segment}`;
    if (path === MANAGER_ROUTES.assign) return ROUTE_ROLES.assign;
    if (path === MANAGER_ROUTES.logs) return ROUTE_ROLES.logs;
    if (path === MANAGER_ROUTES.shadow) return ROUTE_ROLES.shadowReport;
    return PEOPLE;
  }
  return ROUTE_ROLES.callService;
}

/**
 * The roles that may send `method` to `pathname` (h3's `event.url.pathname`, which its router
 * matches too), or `'open'`; a path the table does not know is for admins only, so a route
 * added without a line here is closed rather than open.
 */
export function rolesFor(method: string, pathname: string): readonly Role[] | 'open' {
  const path = trimmed(pathname);
  if (OPEN.has(path) || path.startsWith(MANAGER_ROUTES.dashboardAssets)) return 'open';
  if (path === SERVICES_PATH || path.startsWith(`${SERVICES_PATH}/`)) return servicesRoute(method, pathname.slice(SERVICES_PATH.length));
  if (path === trimmed(MANAGER_ROUTES.notifications)) {
    if (method === 'POST') return ROUTE_ROLES.notify;
    return method === 'DELETE' ? ROUTE_ROLES.clearNotifications : ROUTE_ROLES.readNotifications;
  }
  if (path === MANAGER_ROUTES.token) return ROUTE_ROLES.tokens;
  if (path === MANAGER_ROUTES.users || path.startsWith(`${MANAGER_ROUTES.users}/`)) return ROUTE_ROLES.users;
  return ROUTE_ROLES.other;
}
