import { getRequestIP, type H3, type H3Event } from 'h3';
import * as v from 'valibot';
import { httpError } from '../../engine/http-error.ts';
import { validate } from '../../engine/validate.ts';
import { BEARER_CHALLENGE } from '../../protocol/headers.ts';
import { MANAGER_ROUTES } from '../../protocol/routes.ts';
import { jsonResponse } from '../../runtime/json-response.ts';
import { readBodyText, readJsonBody } from '../../runtime/read-json-body.ts';
import { methodDispatcher } from '../../runtime/route-context.ts';
import { SESSION_LIFETIME_MS, type AuthInternals } from './_auth-internals.ts';
import { createLoginThrottle } from './_login-throttle.ts';
import { hashPassword, verifyPassword } from './_password-hash.ts';
import { clearedSessionCookie, sessionCookie } from './_session-cookie.ts';
import type { TokenInfo } from '../types.ts';
import type { LiveToken } from './_token-store.ts';
import { ROUTE_ROLES } from './route-roles.ts';
import { safeDestination } from './safe-destination.ts';

const BODY_LIMIT = 16 * 1024;
const DAY_MS = 86_400_000;
const WRONG = 'Wrong username or password';

const LoginSchema = v.object({ username: v.pipe(v.string(), v.maxLength(256)), password: v.pipe(v.string(), v.maxLength(1024)) });
const NewTokenSchema = v.object({ expires_in_days: v.optional(v.pipe(v.number(), v.gtValue(0), v.maxValue(36_500))) });

const isForm = (event: H3Event) => /^application\/x-www-form-urlencoded\b/i.test(event.req.headers.get('content-type') ?? '');
const isHttps = (event: H3Event) => event.url.protocol === 'https:';
const redirect = (location: string, headers: Record<string, string>) => new Response(null, { status: 303, headers: { location, ...headers } });

async function loginBody(event: H3Event): Promise<unknown> {
  if (isForm(event)) return Object.fromEntries(new URLSearchParams(await readBodyText(event.req, BODY_LIMIT)));
  const type = event.req.headers.get('content-type');
  if (type && !/\bjson\b/i.test(type)) throw httpError(415, 'Send the login as JSON {"username", "password"} or as a form (application/x-www-form-urlencoded)');
  return (await readJsonBody(event.req, BODY_LIMIT)).value;
}

const tokenInfo = (token: LiveToken): TokenInfo => ({
  id: token.id,
  subject: token.subject,
  role: token.role,
  kind: token.kind,
  created_at: new Date(token.createdAt).toISOString(),
  expires_at: token.expiresAt === undefined ? null : new Date(token.expiresAt).toISOString(),
});

/** Registers `POST /auth/login`, `GET /auth/logout`, `GET /auth/verify` and `GET / POST / DELETE /auth/token`. */
export function registerAuthRoutes(app: H3, internals: AuthInternals): void {
  const { auth, users, tokens, now, logger, issue } = internals;
  const throttle = createLoginThrottle({ now });
  // Unknown users cost one hash check too, so that timing does not tell which names exist.
  const decoy = hashPassword(crypto.randomUUID());

  async function login(event: H3Event): Promise<Response> {
    const { username, password } = await validate(LoginSchema, await loginBody(event), ['body']);
    const key = `${username}\n${getRequestIP(event) ?? ''}`;
    const wait = throttle.retryAfter(key);
    if (wait !== undefined) throw httpError(429, `Too many failed logins: try again in ${wait} s`, { headers: { 'Retry-After': String(wait) } });
    const user = await users.get(username);
    const valid = await verifyPassword(password, user?.passwordHash ?? (await decoy));
    if (!user || !valid) {
      throttle.failed(key);
      throw httpError(401, WRONG, { headers: { 'WWW-Authenticate': BEARER_CHALLENGE } });
    }
    throttle.succeeded(key);
    const { token } = await issue(user.name, user.role, 'session', SESSION_LIFETIME_MS);
    const cookie = { 'set-cookie': sessionCookie(token, SESSION_LIFETIME_MS / 1000, isHttps(event)) };
    if (isForm(event)) return redirect(safeDestination(event.url.searchParams.get('destination')), cookie);
    return jsonResponse({ token }, 200, cookie);
  }

  async function logout(event: H3Event): Promise<Response> {
    const principal = await auth.authenticate(event);
    if (principal && tokens.live(principal.tokenId)?.kind === 'session') await tokens.revoke(principal.tokenId);
    const cleared = { 'set-cookie': clearedSessionCookie(isHttps(event)) };
    const destination = event.url.searchParams.get('destination');
    return destination === null ? jsonResponse('OK', 200, cleared) : redirect(safeDestination(destination), cleared);
  }

  async function verify(event: H3Event): Promise<Response> {
    const principal = await auth.authenticate(event);
    if (!principal) throw httpError(401, 'Not authenticated', { headers: { 'WWW-Authenticate': BEARER_CHALLENGE } });
    return jsonResponse({ user: principal.subject, role: principal.role });
  }

  async function listTokens(event: H3Event): Promise<Response> {
    const caller = await auth.require(event, ROUTE_ROLES.tokens);
    const mine = (token: LiveToken) => token.kind === 'api' && token.subject === caller.subject;
    const visible = caller.role === 'admin' ? (token: LiveToken) => token.kind !== 'session' : mine;
    return jsonResponse(tokens.list(visible).map(tokenInfo));
  }

  async function mintToken(event: H3Event): Promise<Response> {
    const caller = await auth.require(event, ROUTE_ROLES.tokens);
    const { expires_in_days: days } = await validate(NewTokenSchema, (await readJsonBody(event.req, BODY_LIMIT)).value, ['body']);
    const minted = await issue(caller.subject, caller.role, 'api', days === undefined ? undefined : days * DAY_MS);
    logger.info(`${caller.subject} minted the API token ${minted.id}${days === undefined ? '' : ` (expires in ${days} days)`}`);
    return jsonResponse(minted, 201);
  }

  async function revokeToken(event: H3Event): Promise<Response> {
    const caller = await auth.require(event, ROUTE_ROLES.tokens);
    const id = event.url.searchParams.get('id');
    if (!id) throw httpError(422, [{ loc: ['query', 'id'], msg: 'Field required', type: 'missing' }]);
    const token = tokens.live(id);
    // Someone else's token is "not found" to a user: its existence is none of their business.
    if (!token || (caller.role !== 'admin' && token.subject !== caller.subject)) throw httpError(404, `No token with id ${JSON.stringify(id)}`);
    await tokens.revoke(id);
    logger.info(`${caller.subject} revoked the token ${id}`);
    return jsonResponse('OK');
  }

  app.all(MANAGER_ROUTES.login, methodDispatcher({ POST: login }, logger));
  app.all(MANAGER_ROUTES.logout, methodDispatcher({ GET: logout }, logger));
  app.all(MANAGER_ROUTES.verify, methodDispatcher({ GET: verify }, logger));
  app.all(MANAGER_ROUTES.token, methodDispatcher({ GET: listTokens, POST: mintToken, DELETE: revokeToken }, logger));
}
