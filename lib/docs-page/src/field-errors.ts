import { isObject } from '../../protocol/_schema-reading.ts';
import type { ValidationDetail } from '../../protocol/error-body.ts';

/** One entry of a 422 answer, for people: where, and what is wrong. */
export interface FieldError {
  /** `body` or `query` (the first segment of `loc`). */
  readonly location: string;
  /** The field inside it: `sides`, `items[0].name`; `""` for the whole body. */
  readonly field: string;
  readonly message: string;
}

const isDetail = (value: unknown): value is ValidationDetail =>
  isObject(value) && Array.isArray(value.loc) && value.loc.every((s) => typeof s === 'string' || typeof s === 'number') && typeof value.msg === 'string';

/** The field errors of a 422 answer's body (`{"detail": [{loc, msg, type}]}`); undefined when it has another shape. */
export function fieldErrorsOf(body: unknown): FieldError[] | undefined {
  if (!isObject(body) || !Array.isArray(body.detail) || !body.detail.every(isDetail)) return undefined;
  return body.detail.map(({ loc, msg }) => {
    const [location = '', ...path] = loc;
    const field = path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
    return { location: String(location), field, message: msg };
  });
}
