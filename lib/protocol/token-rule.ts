/**
 * Whether `url` is on one of `domains`: an entry without a port admits every port of that
 * host, an entry with a port only that port.
 */
export function isAuthorizedUrl(url: string | URL, domains: readonly string[]): boolean {
  const { host, hostname } = new URL(url);
  return domains.includes(host) || domains.includes(hostname);
}

/**
 * The token rule: a request may carry the `Authorization` header (and the manager's `Host`)
 * only to an authorized host, and never after a redirect took a call that began over https to
 * plain http.
 */
export function mayCarryToken(url: URL, first: URL, domains: readonly string[]): boolean {
  return isAuthorizedUrl(url, domains) && !(first.protocol === 'https:' && url.protocol === 'http:');
}
