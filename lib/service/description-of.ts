import type { DescriptionOf, ServiceLike } from './types.ts';

/** The description of a service builder, or the description itself. */
export function descriptionOf<S extends ServiceLike>(service: S): DescriptionOf<S> {
  // A description has a `description` field too (its text), so tell them apart by `kind`.
  return ('kind' in service && service.kind === 'service' ? service : service.description) as DescriptionOf<S>;
}
