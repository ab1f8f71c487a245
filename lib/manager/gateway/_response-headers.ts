import { hopByHop } from './_hop-by-hop.ts';
import { setsSessionCookie } from './_session-cookie.ts';

/** A service's answer headers as the caller gets them, and its content type. */
export interface ResponseHeaders {
  /** Names and values alternating, as `ServerResponse.writeHead` takes them. */
  readonly headers: string[];
  readonly contentType: string | undefined;
}

/**
 * The headers of a service's answer as undici got them (names and values alternating, as
 * bytes), without hop-by-hop headers and without a `Set-Cookie` of the manager's session cookie
 * (a service must not plant a session). Values are read as latin1, which Node writes back byte
 * for byte: undici's own UTF-8 reading turns a non-ASCII byte into a character Node refuses.
 */
export function responseHeaders(raw: readonly Buffer[]): ResponseHeaders {
  const names: string[] = [];
  let connection: string | undefined;
  let contentType: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1').toLowerCase();
    names.push(name);
    if (name === 'connection') connection = raw[i + 1]!.toString('latin1');
    else if (name === 'content-type') contentType ??= raw[i + 1]!.toString('latin1');
  }
  const dropped = hopByHop(connection);
  const headers: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (dropped.has(name)) continue;
    const value = raw[2 * i + 1]!.toString('latin1');
    if (name !== 'set-cookie' || !setsSessionCookie(value)) headers.push(name, value);
  }
  return { headers, contentType };
}
