import { DEFAULT_RANGE, rangeFromParams, rangeToParams, type TimeRange } from './_time-range.ts';

/** The page the dashboard shows, read from the address's hash: links can be shared and reloaded. */
export type Route =
  | { readonly page: 'overview' }
  | { readonly page: 'service'; readonly name: string; readonly version: string; readonly range: TimeRange }
  | { readonly page: 'logs'; readonly name: string; readonly version: string };

const OVERVIEW: Route = Object.freeze({ page: 'overview' });

function decode(part: string | undefined): string | undefined {
  if (!part) return undefined;
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/** The route of a hash such as `#/service/iris/1.0.0?range=6h` or `#/logs/iris/1.0.0`; the overview for anything else. */
export function parseRoute(hash: string): Route {
  const text = hash.replace(/^#/, '');
  const cut = text.indexOf('?');
  const path = cut === -1 ? text : text.slice(0, cut);
  const params = new URLSearchParams(cut === -1 ? '' : text.slice(cut + 1));
  const [, page, rawName, rawVersion, ...rest] = path.split('/');
  const name = decode(rawName);
  const version = decode(rawVersion);
  if (name === undefined || version === undefined || rest.length > 0) return OVERVIEW;
  if (page === 'service') return { page, name, version, range: rangeFromParams(params) };
  if (page === 'logs') return { page, name, version };
  return OVERVIEW;
}

/** The hash of a route (the inverse of {@link parseRoute}). */
export function routeHref(route: Route): string {
  if (route.page === 'overview') return '#/';
  const path = `#/${route.page}/${encodeURIComponent(route.name)}/${encodeURIComponent(route.version)}`;
  const query = route.page === 'service' ? new URLSearchParams(rangeToParams(route.range)).toString() : '';
  return query ? `${path}?${query}` : path;
}

/** The service page of a version, at the default range. */
export const serviceHref = (name: string, version: string, range: TimeRange = DEFAULT_RANGE) => routeHref({ page: 'service', name, version, range });

/** The logs page of a version. */
export const logsHref = (name: string, version: string) => routeHref({ page: 'logs', name, version });

/**
 * The overview at its notifications: the hash is the panel's id, so that the browser scrolls to
 * it, and like any hash that names no page it shows the overview.
 */
export const NOTIFICATIONS_ID = 'notifications';

/** A link to the notifications panel of the overview. */
export const notificationsHref = `#${NOTIFICATIONS_ID}`;
