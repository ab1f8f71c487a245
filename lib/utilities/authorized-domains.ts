import type { Env } from './_env.ts';
import { getManagerHostname, getManagerUrl } from './manager-location.ts';

/**
 * The hosts the Authorization header may be sent to: the manager's hostname and the host
 * (with its port, if any) of the manager URL.
 */
export function getAuthorizedDomains(env: Env = process.env): string[] {
  const domains = [getManagerHostname(env).toLowerCase(), new URL(getManagerUrl(env)).host];
  return [...new Set(domains)];
}

/**
 * Whether `url` is on one of `domains`: an entry without a port admits every port of that
 * host, an entry with a port only that port.
 */
export function isAuthorizedUrl(url: string | URL, domains: readonly string[]): boolean {
  const { host, hostname } = new URL(url);
  return domains.includes(host) || domains.includes(hostname);
}
