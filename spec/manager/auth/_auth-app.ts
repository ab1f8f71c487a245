import { H3 } from 'h3';
import { createAuth, type AuthOptions } from '../../../lib/manager/auth/create-auth.ts';
import { openManagerDb, type ManagerDb } from '../../../lib/manager/manager-db.ts';
import { errorResponse } from '../../../lib/runtime/json-response.ts';
import { capturingLogger } from '../../utilities/_capture-logs.ts';

export const ADMIN_PASSWORD = 'correct horse battery staple';

/** A clock the test moves by hand. */
export function handClock(start = Date.UTC(2026, 10, 2, 10)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** Auth on an h3 app (no port), with its database, clock and log lines. */
export async function authApp(options: Partial<AuthOptions> & { readonly db?: ManagerDb } = {}) {
  const db = options.db ?? (await openManagerDb());
  const clock = handClock();
  const { logger, lines } = capturingLogger();
  const auth = await createAuth({ adminPassword: ADMIN_PASSWORD, env: {}, logger, clock, ...options, db });
  const app = new H3({ onError: (error) => errorResponse(error, logger) });
  auth.register(app);
  const request = (path: string, init: RequestInit = {}) => Promise.resolve(app.request(path, init));
  return { db, auth, app, clock, lines, request, close: () => db.close() };
}

/** Request options with `token` as the bearer, and a JSON body when given. */
export function as(token: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): RequestInit {
  return {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  };
}

/** Logs in with JSON and gives the token. */
export async function login(request: (path: string, init?: RequestInit) => Promise<Response>, username: string, password: string): Promise<string> {
  const res = await request('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login as ${username} answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
