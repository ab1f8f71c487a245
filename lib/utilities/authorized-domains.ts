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
