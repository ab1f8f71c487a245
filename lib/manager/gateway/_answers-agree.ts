import { isDeepStrictEqual } from 'node:util';

/** An answer as the comparison sees it. */
export interface Answer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: Buffer;
}

const NOT_JSON = Symbol('not JSON');

function parsed(answer: Answer): unknown {
  if (answer.contentType === undefined || !/\bjson\b/i.test(answer.contentType)) return NOT_JSON;
  try {
    return JSON.parse(answer.body.toString('utf8'));
  } catch {
    return NOT_JSON;
  }
}

/**
 * Whether a shadow answered as main did: the same status, and the same JSON value (key order
 * and formatting aside) when both answered JSON, else the same bytes.
 */
export function answersAgree(main: Answer, shadow: Answer): boolean {
  if (main.status !== shadow.status) return false;
  // The same bytes agree either way; most copies of a shadow that works answer them, and are
  // spared two parses and a deep comparison.
  if (main.body.equals(shadow.body)) return true;
  // Other bytes agree only as the same JSON value.
  const mainJson = parsed(main);
  if (mainJson === NOT_JSON) return false;
  const shadowJson = parsed(shadow);
  return shadowJson !== NOT_JSON && isDeepStrictEqual(mainJson, shadowJson);
}
