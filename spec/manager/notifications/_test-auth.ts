import { H3, HTTPError } from 'h3';
import type { Auth, Principal, Role } from '../../../lib/manager/types.ts';

const ROLES: readonly string[] = ['admin', 'user', 'service', 'manager'] satisfies Role[];
const isRole = (text: string | undefined): text is Role => text !== undefined && ROLES.includes(text);

const unused = (): never => {
  throw new Error('not used by the notifications');
};

/**
 * A stand-in for the manager's auth in these tests only: `Authorization: Bearer <role>` makes a
 * request that role; no header (or an unknown role) is unauthenticated.
 */
export const testAuth: Auth = {
  enabled: true,
  publicKey: '',
  async authenticate(event) {
    const role = /^Bearer (\w+)$/.exec(event.req.headers.get('authorization') ?? '')?.[1];
    return isRole(role) ? { subject: role, role, tokenId: role } : undefined;
  },
  async require(event, roles): Promise<Principal> {
    const principal = await testAuth.authenticate(event);
    if (!principal) throw new HTTPError({ status: 401, message: 'Not authenticated', headers: { 'WWW-Authenticate': 'Bearer' } });
    if (!roles.includes(principal.role)) throw new HTTPError({ status: 403, message: `Role ${principal.role} may not do this` });
    return principal;
  },
  check: unused,
  issueServiceToken: unused,
  managerToken: unused,
  revoke: unused,
  register: unused,
};

/** An h3 app with the routes of `notifications` registered, called with `role`'s token (admin by default, null: none). */
export function notificationsApp(notifications: { register(app: H3, auth: Auth): void }) {
  const app = new H3();
  notifications.register(app, testAuth);
  const call = async (method: string, options: { role?: Role | null; body?: unknown; raw?: string } = {}) => {
    const { role = 'admin', body, raw } = options;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (role) headers.authorization = `Bearer ${role}`;
    const response = await app.request('/notifications/', { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
    return { status: response.status, headers: response.headers, body: await response.json() };
  };
  return { app, call };
}
