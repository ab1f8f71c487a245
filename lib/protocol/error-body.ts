/** The body of every error answer of a service or the manager: `{"detail": "..."}`. */
export interface ErrorBody {
  /** What went wrong: a message, or for a 422 the list of what is invalid. */
  readonly detail: string | readonly ValidationDetail[];
}

/** One entry of a 422 answer's `detail` list, in the shape the seed's clients know. */
export interface ValidationDetail {
  /** Where: `['body', ...path]` or `['query', ...path]`. */
  readonly loc: readonly (string | number)[];
  /** What is wrong, for people. */
  readonly msg: string;
  /** What is wrong, for programs (the schema library's issue type). */
  readonly type: string;
}

/** Whether `value` has the shape of an error answer's body. */
export function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && 'detail' in value;
}

/** The field a 422 entry names: its `loc` without the source it starts with (`['body', 'x', 'y']` → `x.y`). */
export function fieldOf(loc: readonly unknown[]): string {
  return (loc.length > 1 ? loc.slice(1) : loc).join('.');
}

/** The `{"detail": …}` body a failed answer's text holds; undefined for any other text (a proxy's page, a plain-text error). */
export function errorBodyOf(text: string): ErrorBody | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isErrorBody(body) ? body : undefined;
}
