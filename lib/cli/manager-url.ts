import { networkInterfaces } from 'node:os';
import { UserError } from './user-error.ts';

/** A manager's address as the user typed it (`http://host:4000`, `host:4000`), as a URL without a trailing slash. */
export function parseManagerUrl(input: string): string {
  const notUrl = () => new UserError(`"${input}" is not a URL: give the manager's address, such as http://127.0.0.1:4000`);
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(input);
  // `host:port` has no scheme; `htp:/host` or `http:host` is a typo'd one, not a host named htp.
  if (!hasScheme && /^[a-z][a-z0-9+.-]*:(?!\d+(\/|$))/i.test(input)) throw notUrl();
  let url: URL;
  try {
    url = new URL(hasScheme ? input : `http://${input}`);
  } catch {
    throw notUrl();
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UserError(`"${input}": a manager is reached over http:// or https://, not ${url.protocol}//`);
  if (url.search || url.hash || url.username) throw new UserError(`"${input}": give the manager's address alone, without a query, fragment or user`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** Whether the manager at `url` runs on this machine, so that it can read a path given here. */
export function isOnThisMachine(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.startsWith('127.') || host === '::1') return true;
  return Object.values(networkInterfaces()).some((addresses) => addresses?.some((address) => address.address === host));
}
