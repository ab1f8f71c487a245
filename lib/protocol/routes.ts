import { SERVICES_PATH } from './service-path.ts';

/** A service's liveness route, and the only one open without the manager's token while `MVI_MANAGER_PUBLIC_KEY` is set. */
export const HEALTH_PATH = '/~health';

/**
 * The first segments of a service's built-in routes that an entrypoint's `/{name}` could take:
 * every other one starts with `~` (`/~parameters`, `/~monitor`, `/~health`, `/~metrics`), which
 * no name may.
 */
export const PAGE_ROUTES: ReadonlySet<string> = new Set(['docs', 'openapi.json']);

/**
 * Whether `path` (as a service sees it, query and all) reaches one of its built-in routes rather
 * than an entrypoint: the gateway copies to shadows, and counts, only entrypoints' traffic.
 */
export function isBuiltInPath(path: string): boolean {
  // h3 decodes needless escapes before routing (`/%7Eparameters` reaches `/~parameters`).
  if (path.includes('%')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return false;
    }
    if (decoded !== path) return isBuiltInPath(decoded);
  }
  if (path.charCodeAt(1) === 126 /* ~ */) return true;
  // Compared in place: this runs on every request the gateway forwards.
  for (const page of PAGE_ROUTES) {
    if (!path.startsWith(page, 1)) continue;
    const next = path.charCodeAt(page.length + 1);
    if (Number.isNaN(next) || next === 47 /* / */ || next === 63 /* ? */ || next === 35 /* # */) return true;
  }
  return false;
}

/** The manager's own routes that services, the CLI and browsers call. */
export const MANAGER_ROUTES = Object.freeze({
  health: HEALTH_PATH,
  version: '/~version',
  login: '/auth/login',
  logout: '/auth/logout',
  verify: '/auth/verify',
  token: '/auth/token',
  users: '/admin/users',
  services: `${SERVICES_PATH}/`,
  assign: `${SERVICES_PATH}/~assign`,
  logs: `${SERVICES_PATH}/~logs`,
  shadow: `${SERVICES_PATH}/~shadow`,
  notifications: '/notifications/',
  /** The dashboard's page: the app with a session, else the login. */
  dashboard: '/',
  /** The dashboard's scripts, styles and images: open to all, as the login page needs them. */
  dashboardAssets: '/~dashboard/',
});
