import type { DescriptionOf, ServiceLike } from './types.ts';

/** Whether `value` is a service builder or a service description. */
export const isService = (value: unknown): value is ServiceLike =>
  typeof value === 'object' && value !== null &&
  ((value as { kind?: unknown }).kind === 'service' || (value as { description?: { kind?: unknown } }).description?.kind === 'service');

// What was given instead of a service, and the likely reason.
function notAService(value: unknown): TypeError {
  const given = typeof value === 'object' && value !== null ? `an object with ${Object.keys(value).map((key) => `"${key}"`).join(', ') || 'no keys'}` : typeof value === 'function' ? 'a function' : String(value);
  // In a CommonJS package (npm init's default) `import service from './service.ts'` gives the
  // module's exports, its service under `default`.
  const hint = isService((value as { default?: unknown } | null)?.default)
    ? ': that is a module\'s exports, as a default import gives them in a CommonJS package; add "type": "module" to package.json, or pass its .default'
    : ': pass the result of defineService(...)';
  return new TypeError(`Expected a service, got ${given}${hint}`);
}

/** The description of a service builder, or the description itself; a TypeError saying what was given for anything else. */
export function descriptionOf<S extends ServiceLike>(service: S): DescriptionOf<S> {
  if (!isService(service)) throw notAService(service);
  // A description has a `description` field too (its text), so tell them apart by `kind`.
  return ('kind' in service && service.kind === 'service' ? service : service.description) as DescriptionOf<S>;
}
