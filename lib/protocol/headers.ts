/**
 * The browser session's cookie. Like the `Authorization` header, it is the caller's credential
 * for the manager and never reaches a service: the gateway forwards with the manager's own token.
 */
export const SESSION_COOKIE = 'mvi_session';

/** The prefix the gateway stripped before forwarding (`/services/{name}[_{version}]`). */
export const FORWARDED_PREFIX_HEADER = 'x-forwarded-prefix';

/** The `WWW-Authenticate` challenge of a 401 for a missing or invalid token. */
export const BEARER_CHALLENGE = 'Bearer';

/** The `Authorization` value that carries `token`. */
export function bearer(token: string): string {
  return `Bearer ${token}`;
}

/** The token of an `Authorization: Bearer …` value; undefined for none or another scheme. */
export function bearerToken(authorization: string | null | undefined): string | undefined {
  const match = authorization && /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
  return match ? match[1] : undefined;
}

/**
 * The headers of a request from a service to its manager (wire protocol of the seed):
 * `Authorization: Bearer {token}` (left out without a token), `Content-Type: application/json`
 * and `Host: {manager hostname}`, which the manager may route on.
 */
export function managerRequestHeaders(token: string | undefined, hostname: string): Record<string, string> {
  return {
    ...(token === undefined ? {} : { Authorization: bearer(token) }),
    'Content-Type': 'application/json',
    Host: hostname,
  };
}
