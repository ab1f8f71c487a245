import { consola, type ConsolaInstance } from 'consola';
import { HTTPError, type H3 } from 'h3';
import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Clock } from '../../engine/clock.ts';
import { ENV_NAMES } from '../../protocol/env-names.ts';
import { BEARER_CHALLENGE, bearerToken } from '../../protocol/headers.ts';
import { isServiceName, isServiceVersion } from '../../protocol/service-names.ts';
import { TOKEN_ALGORITHM, type Role, type TokenClaims } from '../../protocol/token-claims.ts';
import { createTokenVerifier } from '../../protocol/verify-token.ts';
import { readEnv, type Env } from '../../utilities/_env.ts';
import { sessionToken } from '../gateway/_session-cookie.ts';
import type { ManagerDb } from '../manager-db.ts';
import type { Auth, Principal } from '../types.ts';
import type { AuthInternals } from './_auth-internals.ts';
import { registerAuthRoutes } from './_auth-routes.ts';
import { hashPassword } from './_password-hash.ts';
import { loadSigningKey } from './_signing-key.ts';
import { openTokenStore, type TokenKind } from './_token-store.ts';
import { registerUserRoutes } from './_user-routes.ts';
import { openUserStore, type UserStore } from './_user-store.ts';
import { authGuard } from './auth-guard.ts';
import { assertPassword } from './user-rules.ts';

declare module 'h3' {
  interface H3EventContext {
    /** The request's principal, verified once per request by `Auth.authenticate`. */
    mviPrincipal?: Promise<Principal | undefined>;
  }
}

/** Options of {@link createAuth}. */
export interface AuthOptions {
  /** The manager's database: users, tokens and the signing key live there. */
  readonly db: ManagerDb;
  /** False for `--no-auth`: every request is then an admin, and a warning says so (default true). */
  readonly enabled?: boolean;
  /** The first admin's password, used only when the database has no user yet (default `MVI_ADMIN_PASSWORD`, else generated and printed once). */
  readonly adminPassword?: string;
  /** Logger (default consola). */
  readonly logger?: ConsolaInstance;
  /** Where `MVI_ADMIN_PASSWORD` is read (default `process.env`). */
  readonly env?: Env;
  /** Time, for tests (default the system clock). */
  readonly clock?: Pick<Clock, 'now'>;
}

/** The first admin's name. */
export const ADMIN_USER = 'admin';
// The manager's own token is renewed a minute before it expires, so none in flight expires on the way.
const MANAGER_TOKEN_LIFETIME_MS = 5 * 60_000;
const MANAGER_TOKEN_RENEWAL_MS = 60_000;

const NO_AUTH: Principal = Object.freeze({ subject: ADMIN_USER, role: 'admin', tokenId: 'no-auth' });

/**
 * The manager's auth: users with scrypt-hashed passwords, EdDSA-signed tokens checked against
 * the live set on every request (so that revoking works for every token), roles per route, and
 * `/auth/*` and `/admin/users*`. At the first start it creates the admin.
 * @example
 * const auth = await createAuth({ db: await openManagerDb(dataDir) });
 * auth.register(app);
 */
export async function createAuth(options: AuthOptions): Promise<Auth> {
  const { pg } = options.db;
  const logger = options.logger ?? consola;
  const clock = options.clock;
  const now = clock ? () => clock.now() : Date.now;
  const enabled = options.enabled ?? true;
  const [key, users, tokens] = await Promise.all([loadSigningKey(pg), openUserStore(pg), openTokenStore(pg, now)]);
  const verifier = createTokenVerifier(key.publicKey, { now });

  async function issue(subject: string, role: Role, kind: TokenKind, lifetime?: number) {
    const id = randomUUID();
    const createdAt = now();
    const expiresAt = lifetime === undefined ? undefined : createdAt + lifetime;
    const token = await sign(subject, role, id, createdAt, expiresAt);
    await tokens.add({ id, subject, role, kind, createdAt, expiresAt });
    return { token, id };
  }

  function sign(subject: string, role: Role, id: string, at: number, expiresAt: number | undefined): Promise<string> {
    const jwt = new SignJWT({ role }).setProtectedHeader({ alg: TOKEN_ALGORITHM, typ: 'JWT' }).setSubject(subject).setJti(id).setIssuedAt(Math.floor(at / 1000));
    if (expiresAt !== undefined) jwt.setExpirationTime(Math.floor(expiresAt / 1000));
    return jwt.sign(key.privateKey);
  }

  const principalOfClaims = (claims: TokenClaims | undefined): Principal | undefined => {
    const live = claims && tokens.live(claims.jti);
    if (!live || live.subject !== claims.sub) return undefined;
    return { subject: live.subject, role: live.role, tokenId: live.id };
  };

  // Without a promise when the token was verified before: the gateway asks on every request.
  function principalFrom(authorization: string | null | undefined, cookie: string | null | undefined): Principal | undefined | Promise<Principal | undefined> {
    // An explicit header wins over the cookie: a CLI or service never relies on a browser's session.
    const token = bearerToken(authorization) ?? sessionToken(cookie);
    if (!token) return undefined;
    const claims = verifier.cached(token);
    return claims ? principalOfClaims(claims) : verifier.verify(token).then(principalOfClaims);
  }

  function refusal(principal: Principal | undefined, roles: readonly Role[]): HTTPError | undefined {
    if (!principal) {
      const detail = 'Not authenticated: log in, or send Authorization: Bearer {token}';
      return new HTTPError({ status: 401, message: detail, body: { detail }, headers: { 'www-authenticate': BEARER_CHALLENGE } });
    }
    if (!roles.includes(principal.role)) {
      const detail = `Not allowed: this needs the role ${roles.join(' or ')}, and the token's role is ${principal.role}`;
      return new HTTPError({ status: 403, message: detail, body: { detail } });
    }
    return undefined;
  }

  let managerToken: { readonly token: string; readonly renewAt: number } | undefined;
  let minting: Promise<string> | undefined;

  const auth: Auth = {
    enabled,
    publicKey: key.publicKey,
    authenticate(event) {
      if (!enabled) return Promise.resolve(NO_AUTH);
      // Kept on the event, not in a WeakMap: a WeakMap keyed by every request costs the garbage
      // collector dearly.
      event.context.mviPrincipal ??= Promise.resolve(principalFrom(event.req.headers.get('authorization'), event.req.headers.get('cookie')));
      return event.context.mviPrincipal;
    },
    async require(event, roles) {
      const principal = await auth.authenticate(event);
      const refused = refusal(principal, roles);
      if (refused) throw refused;
      return principal!;
    },
    check(headers, roles) {
      if (!enabled) return NO_AUTH;
      const principal = principalFrom(headers.authorization, headers.cookie);
      return principal instanceof Promise ? principal.then((known) => refusal(known, roles) ?? known!) : (refusal(principal, roles) ?? principal!);
    },
    issueServiceToken(name, version) {
      if (!isServiceName(name) || !isServiceVersion(version)) {
        throw new TypeError(`issueServiceToken: ${JSON.stringify(name)} ${JSON.stringify(version)} is not a service name and version`);
      }
      return issue(`service:${name}_${version}`, 'service', 'service');
    },
    managerToken() {
      if (managerToken && now() < managerToken.renewAt) return Promise.resolve(managerToken.token);
      minting ??= (async () => {
        const at = now();
        const token = await sign('manager', 'manager', randomUUID(), at, at + MANAGER_TOKEN_LIFETIME_MS);
        managerToken = { token, renewAt: at + MANAGER_TOKEN_LIFETIME_MS - MANAGER_TOKEN_RENEWAL_MS };
        return token;
      })().finally(() => (minting = undefined));
      return minting;
    },
    async revoke(id) {
      await tokens.revoke(id);
    },
    register(app: H3) {
      app.use(authGuard(auth, logger));
      const internals: AuthInternals = { auth, users, tokens, now, logger, issue };
      registerAuthRoutes(app, internals);
      registerUserRoutes(app, internals);
    },
  };

  await createFirstAdmin(users, options, logger, now);
  if (!enabled) logger.warn('Auth is off (--no-auth): anyone who can reach the manager is an admin and can run any command on this machine');
  return auth;
}

async function createFirstAdmin(users: UserStore, options: AuthOptions, logger: ConsolaInstance, now: () => number): Promise<void> {
  if ((await users.count()) > 0) return;
  const given = options.adminPassword ?? readEnv(options.env ?? process.env, ENV_NAMES.adminPassword);
  if (given !== undefined) assertPassword(given, ENV_NAMES.adminPassword[0]);
  const password = given ?? randomBytes(18).toString('base64url');
  await users.create({ name: ADMIN_USER, role: 'admin', passwordHash: await hashPassword(password) }, now());
  // The one time the generated password is shown: it is stored only as a hash.
  if (given === undefined) {
    logger.warn(`Created the user "${ADMIN_USER}" with the password ${password} (shown only this once: keep it, or change it with mvi user passwd, or PUT /admin/users/${ADMIN_USER})`);
  } else {
    logger.info(`Created the user "${ADMIN_USER}" with the password from ${options.adminPassword === undefined ? ENV_NAMES.adminPassword[0] : 'the adminPassword option'}`);
  }
}
