import { SESSION_COOKIE } from '../../protocol/headers.ts';

// HttpOnly keeps it from every script on the host (services' pages included, as they share the
// origin); SameSite=Strict keeps other sites from sending it along.
const FLAGS = 'Path=/; HttpOnly; SameSite=Strict';

/** The `Set-Cookie` value of a session: the token, for `maxAge` seconds, `Secure` when the login came over https. */
export function sessionCookie(token: string, maxAge: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Max-Age=${Math.floor(maxAge)}; ${FLAGS}${secure ? '; Secure' : ''}`;
}

/** The `Set-Cookie` value that removes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; ${FLAGS}${secure ? '; Secure' : ''}`;
}
