/**
 * The path a service sees: `pathname` without `prefix`, matched on a segment boundary, so
 * `/services/foo` strips from `/services/foo` and `/services/foo/…` but never from
 * `/services/foobar` (daeploy's Traefik rule had no boundary). Undefined when `pathname` is not
 * under `prefix`.
 */
export function stripPrefix(pathname: string, prefix: string): string | undefined {
  const base = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (!pathname.startsWith(base)) return undefined;
  if (pathname.length === base.length) return '/';
  return pathname.charCodeAt(base.length) === 47 /* / */ ? pathname.slice(base.length) : undefined;
}
