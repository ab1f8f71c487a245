import type { Schema } from '../service/types.ts';
import { coerceQuery } from './coerce-query.ts';
import { segmentKey, unwrap, validationError } from './validate.ts';

// Query values are text: a field that fails as text is tried again read as JSON (`5`, `true`),
// field by field, so `?q=123` stays text where the schema wants text.
async function validateQuery(schema: Schema, input: Readonly<Record<string, unknown>>): Promise<unknown> {
  let query = input;
  for (;;) {
    const result = await schema['~standard'].validate(query);
    if (!result.issues) return result.value;
    const failing = result.issues.flatMap((issue) => {
      const key = issue.path?.[0] === undefined ? undefined : segmentKey(issue.path[0]);
      return typeof key === 'string' ? [key] : [];
    });
    const coerced = coerceQuery(query, failing);
    if (coerced === query) throw validationError(result.issues, ['query']);
    query = coerced;
  }
}

/**
 * Validates an entrypoint's input from the body or the query string; throws a 422 HttpError.
 * Answers synchronously when the schema does, so the hot path awaits nothing it need not.
 */
export function validateInput(schema: Schema, input: unknown, source: 'body' | 'query'): unknown {
  if (source === 'query' && typeof input === 'object' && input !== null) return validateQuery(schema, input as Record<string, unknown>);
  const result = schema['~standard'].validate(input);
  return result instanceof Promise ? result.then((r) => unwrap(r, [source])) : unwrap(result, [source]);
}
