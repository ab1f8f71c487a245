import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { InferOutput, Schema } from '../service/types.ts';
import type { ValidationDetail } from '../protocol/error-body.ts';
import { httpError, type HttpError } from './http-error.ts';

/** The key of one segment of an issue's path (Standard Schema allows a key or `{ key }`). */
export function segmentKey(segment: PropertyKey | StandardSchemaV1.PathSegment): PropertyKey {
  return typeof segment === 'object' && segment !== null ? segment.key : segment;
}

function toDetail(issue: StandardSchemaV1.Issue, loc: readonly string[]): ValidationDetail {
  const path = (issue.path ?? []).map((segment) => {
    const key = segmentKey(segment);
    return typeof key === 'number' ? key : String(key);
  });
  const { type, received } = issue as { readonly type?: unknown; readonly received?: unknown };
  // valibot reports a missing key as an object issue; say it the way the seed's clients know.
  if (path.length > 0 && received === 'undefined' && typeof type === 'string' && type.endsWith('object')) {
    return { loc: [...loc, ...path], msg: 'Field required', type: 'missing' };
  }
  return { loc: [...loc, ...path], msg: issue.message, type: typeof type === 'string' ? type : 'value_error' };
}

/** The 422 error for `issues`, with one `detail` entry each. */
export function validationError(issues: readonly StandardSchemaV1.Issue[], loc: readonly string[]): HttpError {
  return httpError(422, issues.map((issue) => toDetail(issue, loc)));
}

/** The value of a validation result; throws the 422 error for its issues, located under `loc`. */
export function unwrap<S extends Schema>(result: StandardSchemaV1.Result<unknown>, loc: readonly string[]): InferOutput<S> {
  if (result.issues) throw validationError(result.issues, loc);
  return result.value as InferOutput<S>;
}

/** Validates `value` against `schema`; throws a 422 {@link HttpError} with `detail` entries located under `loc`. */
export async function validate<S extends Schema>(schema: S, value: unknown, loc: readonly string[]): Promise<InferOutput<S>> {
  return unwrap<S>(await schema['~standard'].validate(value), loc);
}

/** Like {@link validate} for schemas that validate synchronously; throws a TypeError for async ones. */
export function validateSync<S extends Schema>(schema: S, value: unknown, loc: readonly string[]): InferOutput<S> {
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) {
    throw new TypeError('This schema validates asynchronously; parameters and variables need a synchronous schema');
  }
  return unwrap<S>(result, loc);
}
