import { SERVICES_PATH } from './service-path.ts';

/** A service's liveness route, and the only one open without the manager's token while `MVI_MANAGER_PUBLIC_KEY` is set. */
export const HEALTH_PATH = '/~health';

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
