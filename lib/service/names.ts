import { PAGE_ROUTES } from '../protocol/routes.ts';

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Throws a TypeError naming the culprit when `name` cannot be a URL segment of `what`. */
export function assertSegmentName(what: string, name: unknown): asserts name is string {
  if (typeof name === 'string' && name.startsWith('~')) {
    throw new TypeError(`${what} name "${name}" starts with '~', which marks built-in routes (/~monitor, the manager's /services/~logs…); choose a name without it`);
  }
  if (typeof name !== 'string' || !SEGMENT.test(name)) {
    throw new TypeError(
      `${what} name ${JSON.stringify(name)} is not a valid URL segment: use letters, digits, '_', '.' and '-', not starting with '.' or '-'`,
    );
  }
}

/** Like {@link assertSegmentName}, and refuses the names of the built-in routes an entrypoint's `/{name}` would shadow. */
export function assertEntrypointName(name: unknown): asserts name is string {
  assertSegmentName('Entrypoint', name);
  // Service names (`/services/{name}/…` beside the manager's `/services/~assign`) and parameter
  // names (`/~parameters/{name}`) collide with no built-in route, entrypoints (`/{name}`) with these.
  if (PAGE_ROUTES.has(name)) {
    throw new TypeError(`Entrypoint name "${name}" is taken by the built-in route /${name}; choose another name`);
  }
}

/** Throws when `name` is already one of `taken`. */
export function assertUnique(what: string, name: string, taken: Readonly<Record<string, unknown>>): void {
  if (Object.hasOwn(taken, name)) throw new TypeError(`Duplicate ${what} name "${name}"`);
}
