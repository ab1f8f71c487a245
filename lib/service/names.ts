const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/**
 * Names that would shadow a route every service serves. The routes under `~` (`~parameters`,
 * `~monitor`, `~health`, `~metrics`) need no entry: SEGMENT lets no name start with `~`.
 */
const RESERVED = new Set(['docs', 'openapi.json']);

/** Throws a TypeError naming the culprit when `name` cannot be a URL segment of `what`. */
export function assertSegmentName(what: string, name: unknown): asserts name is string {
  if (typeof name !== 'string' || !SEGMENT.test(name)) {
    throw new TypeError(
      `${what} name ${JSON.stringify(name)} is not a valid URL segment: use letters, digits, '_', '.' and '-', not starting with '.' or '-'`,
    );
  }
  if (RESERVED.has(name)) {
    throw new TypeError(`${what} name "${name}" is reserved for a built-in route`);
  }
}

/** Throws when `name` is already one of `taken`. */
export function assertUnique(what: string, name: string, taken: Readonly<Record<string, unknown>>): void {
  if (Object.hasOwn(taken, name)) throw new TypeError(`Duplicate ${what} name "${name}"`);
}
