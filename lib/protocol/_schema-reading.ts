// The docs page and the dashboard read the same OpenAPI documents: one reading, so a schema
// resolves, and its bounds read, alike on both.

/** A JSON object of an OpenAPI document (a schema, an operation, a response…), read with care since it arrives as JSON. */
export type JsonObject = { readonly [key: string]: unknown };

/** Whether `value` is a JSON object (not null, not an array). */
export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Follows `$ref`s inside one document. */
export interface Resolver {
  /** The object a chain of local `$ref`s ends at; `{}` when it leads nowhere (out of the document, to nothing, round a cycle). */
  resolve(node: unknown): JsonObject;
}

/** A resolver of the local references (`#/components/…`) of `doc`. */
export function createResolver(doc: object): Resolver {
  const pointer = (ref: string): unknown => ref.slice(2).split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), doc);
  return {
    resolve(node) {
      let current = node;
      // A cycle of bare references would never end: 32 hops is far more than any real chain.
      for (let hops = 0; isObject(current); hops++) {
        const ref = current.$ref;
        if (typeof ref !== 'string') return current;
        current = hops < 32 && ref.startsWith('#/') ? pointer(ref) : undefined;
      }
      return {};
    },
  };
}

const BOUNDS = [['minimum', '≥'], ['exclusiveMinimum', '>'], ['maximum', '≤'], ['exclusiveMaximum', '<'], ['multipleOf', 'multiple of']] as const;

/** The bounds of a number for people, in a stable order: `≥ 0`, `< 10`, `multiple of 0.5`; a bound that is no number is left out. */
export function boundsOf(schema: JsonObject): string[] {
  return BOUNDS.flatMap(([keyword, words]) => {
    const value = schema[keyword];
    return typeof value === 'number' ? [`${words} ${value}`] : [];
  });
}
