import type { IncomingHttpHeaders } from 'node:http';
import { hopByHop } from './_hop-by-hop.ts';
import { withoutSessionCookie } from './_session-cookie.ts';

/** Where a forwarded request came from, for the headers the gateway sets. */
export interface ForwardedFrom {
  /** The host the caller asked for: its `Host`, kept. */
  readonly host: string;
  /** The prefix stripped from the path: `X-Forwarded-Prefix`. */
  readonly prefix: string;
  /** The manager's own token: a caller's token never reaches a service. */
  readonly token: string;
  /** The caller's address, appended to `X-Forwarded-For`. */
  readonly clientIp: string | undefined;
  /** `http` or `https`, as the caller reached the manager. */
  readonly proto: string;
}

// Set by the gateway itself, or never passed on: `expect` (undici refuses it) and the caller's
// credentials.
const REPLACED: ReadonlySet<string> = new Set(['authorization', 'cookie', 'expect', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-prefix']);

/**
 * The headers a request is forwarded with: the caller's, `Host` kept, without hop-by-hop
 * headers, the caller's `Authorization` and the session cookie, with the manager's token and
 * `X-Forwarded-For/Host/Proto/Prefix`.
 */
export function forwardHeaders(incoming: IncomingHttpHeaders, from: ForwardedFrom): IncomingHttpHeaders {
  const dropped = hopByHop(incoming.connection);
  const headers: IncomingHttpHeaders = {};
  for (const name in incoming) {
    // `:authority` and the like: HTTP/2 pseudo-headers are no headers of an HTTP/1.1 request.
    if (dropped.has(name) || REPLACED.has(name) || name.charCodeAt(0) === 58) continue;
    headers[name] = incoming[name];
  }
  const cookie = incoming.cookie === undefined ? undefined : withoutSessionCookie(incoming.cookie);
  if (cookie !== undefined) headers.cookie = cookie;
  const forwardedFor = incoming['x-forwarded-for'];
  if (from.clientIp !== undefined) headers['x-forwarded-for'] = forwardedFor === undefined ? from.clientIp : `${forwardedFor}, ${from.clientIp}`;
  else if (forwardedFor !== undefined) headers['x-forwarded-for'] = forwardedFor;
  headers.host = from.host;
  headers['x-forwarded-host'] = headers.host;
  headers['x-forwarded-proto'] = from.proto;
  headers['x-forwarded-prefix'] = from.prefix;
  headers.authorization = `Bearer ${from.token}`;
  return headers;
}
