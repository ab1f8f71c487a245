import { hopByHop } from './_hop-by-hop.ts';
import { setsSessionCookie } from './_session-cookie.ts';

/**
 * A service's answer headers as the caller gets them: without hop-by-hop headers, and without
 * a `Set-Cookie` of the manager's session cookie (a service must not plant a session).
 */
export function responseHeaders(upstream: Readonly<Record<string, string | string[] | undefined>>): [string, string][] {
  const dropped = hopByHop(upstream.connection);
  const headers: [string, string][] = [];
  for (const name in upstream) {
    const value = upstream[name];
    if (value === undefined || dropped.has(name)) continue;
    if (typeof value === 'string') {
      if (name !== 'set-cookie' || !setsSessionCookie(value)) headers.push([name, value]);
      continue;
    }
    for (const one of value) if (name !== 'set-cookie' || !setsSessionCookie(one)) headers.push([name, one]);
  }
  return headers;
}
