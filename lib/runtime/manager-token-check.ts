import type { H3Event } from 'h3';
import { BEARER_CHALLENGE, bearerToken } from '../protocol/headers.ts';
import { HEALTH_PATH } from '../protocol/routes.ts';
import type { TokenClaims } from '../protocol/token-claims.ts';
import { createTokenVerifier } from '../protocol/verify-token.ts';
import { jsonResponse } from './json-response.ts';

/** Options of {@link managerTokenCheck}. */
export interface ManagerTokenCheckOptions {
  /** The manager's public key: a JWK as JSON text (`MVI_MANAGER_PUBLIC_KEY`). */
  readonly publicKey: string;
  /** The prefixes the service answers under; `/~health` stays open under each. */
  readonly prefixes: readonly string[];
  /** Milliseconds since the epoch that expiry is checked against (default `Date.now`). */
  readonly now?: () => number;
}

// Only the manager's own short-lived tokens reach a service: the gateway swaps the caller's
// credentials for one. A user's or a service's token, though signed by the same key, is refused
// here, so that nobody gets around the manager's checks by calling the port directly.
const fromManager = (claims: TokenClaims | undefined) => claims?.role === 'manager' && claims.exp !== undefined;

function refused(hadToken: boolean): Response {
  const detail = hadToken
    ? 'Invalid or expired token: this service answers only requests that come through its manager'
    : 'Missing token: this service answers only requests that come through its manager';
  const challenge = hadToken ? `${BEARER_CHALLENGE} error="invalid_token"` : BEARER_CHALLENGE;
  return jsonResponse({ detail }, 401, { 'www-authenticate': challenge });
}

/** Says whether a request may in: undefined when it may, else the 401 to answer. */
export type TokenGate = (pathname: string, authorization: string | null | undefined) => Response | Promise<Response | undefined> | undefined;

/**
 * The check of a service behind a manager: every request but `/~health` needs
 * `Authorization: Bearer {token}` with a token the manager signed (EdDSA, not expired), else
 * 401. A token seen before costs a Map lookup; a new one a signature check.
 */
export function managerTokenGate(options: ManagerTokenCheckOptions): TokenGate {
  const verifier = createTokenVerifier(options.publicKey, { now: options.now });
  const open = new Set(options.prefixes.map((prefix) => `${prefix}${HEALTH_PATH}`));
  return (pathname, authorization) => {
    if (open.has(pathname)) return undefined;
    const token = bearerToken(authorization);
    if (token === undefined) return refused(false);
    const known = verifier.cached(token);
    if (known) return fromManager(known) ? undefined : refused(true);
    return verifier.verify(token).then((claims) => (fromManager(claims) ? undefined : refused(true)));
  };
}

/** {@link managerTokenGate} as h3 middleware. */
export function managerTokenCheck(options: ManagerTokenCheckOptions): (event: H3Event) => Response | Promise<Response | undefined> | undefined {
  const gate = managerTokenGate(options);
  return (event) => gate(event.url.pathname, event.req.headers.get('authorization'));
}
