import type { EntrypointDefinition } from '../service/types.ts';
import { httpError, type HttpError } from './http-error.ts';

/**
 * The 404 for `path` (under the root path, without its leading `/`) that is no entrypoint nor
 * other route, naming the entrypoints there are: their names are public anyway, in
 * `/openapi.json` and `/docs`.
 */
export function unknownEntrypoint(path: string, entrypoints: Readonly<Record<string, EntrypointDefinition>>): HttpError {
  const names = Object.keys(entrypoints);
  const known = names.length ? `the entrypoints are ${names.join(', ')}` : 'this service has no entrypoints';
  // Only a single segment could have been an entrypoint; built-in routes start with `~`.
  const what = /^[^/~][^/]*$/.test(path) ? `Entrypoint "${path}"` : `Route "/${path}"`;
  return httpError(404, `${what} not found; ${known}`);
}
