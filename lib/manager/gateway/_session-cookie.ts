import { SESSION_COOKIE as NAME } from '../../protocol/headers.ts';

// The manager's session cookie authenticates a browser to the manager, so no service may read
// it (every service shares the manager's origin) nor set it (a planted session).

// A pair without `=` has an empty name (RFC 6265bis §5.6), so it is never the session.
function isSession(pair: string): boolean {
  const equals = pair.indexOf('=');
  return equals >= 0 && pair.slice(0, equals).trim() === NAME;
}

/** A `Cookie` header without the session cookie; undefined when nothing else is left. */
export function withoutSessionCookie(cookie: string): string | undefined {
  if (!cookie.includes(NAME)) return cookie;
  const kept = cookie.split(';').filter((pair) => pair.trim() !== '' && !isSession(pair));
  return kept.length === 0 ? undefined : kept.map((pair) => pair.trim()).join('; ');
}

/** Whether a `Set-Cookie` header sets the session cookie. */
export function setsSessionCookie(setCookie: string): boolean {
  const semicolon = setCookie.indexOf(';');
  return isSession(semicolon < 0 ? setCookie : setCookie.slice(0, semicolon));
}

/** The session cookie's value in a `Cookie` header (the first one, quotes and percent-encoding undone, as h3's `getCookie` reads it). */
export function sessionToken(cookie: string | null | undefined): string | undefined {
  if (!cookie?.includes(NAME)) return undefined;
  for (const pair of cookie.split(';')) {
    if (!isSession(pair)) continue;
    let value = pair.slice(pair.indexOf('=') + 1).trim();
    if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!value.includes('%')) return value;
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}
