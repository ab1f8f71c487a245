function parse(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(parse);
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * Query values arrive as text: this reads the named ones as JSON where they parse (`3`,
 * `true`, `[1,2]`). Returns the same object when nothing changed, so callers can stop.
 */
export function coerceQuery(query: Readonly<Record<string, unknown>>, keys: readonly string[]): Readonly<Record<string, unknown>> {
  let changed = false;
  const next = { ...query };
  for (const key of keys) {
    if (!Object.hasOwn(query, key)) continue;
    const parsed = parse(query[key]);
    if (JSON.stringify(parsed) !== JSON.stringify(query[key])) {
      next[key] = parsed;
      changed = true;
    }
  }
  return changed ? next : query;
}
