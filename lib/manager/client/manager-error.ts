import { causeChain } from '../../communication/_cause-chain.ts';
import { errorBodyOf, type ErrorBody, fieldOf } from '../../protocol/error-body.ts';

/** An answer of the manager that is not a success: its status and what it said went wrong. */
export class ManagerError extends Error {
  override readonly name = 'ManagerError';

  constructor(
    /** The HTTP status. */
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The manager could not be reached at all: nothing listens there, the name does not resolve, the connection broke. */
export class ManagerUnreachableError extends Error {
  override readonly name = 'ManagerUnreachableError';

  constructor(
    /** The manager's URL. */
    readonly url: string,
    /** Why, as the system put it (`ECONNREFUSED`, `ENOTFOUND`…). */
    readonly reason: string,
  ) {
    super(`Cannot reach the manager at ${url} (${reason}): is it running, and is the address right?`);
  }
}

// `{"detail": "…"}`, or a 422's list: one line either way, each invalid field named by where it is.
function detailOf({ detail }: ErrorBody): string {
  return typeof detail === 'string' ? detail : detail.map((issue) => `${fieldOf(issue.loc)}: ${issue.msg}`).join('; ');
}

/** The error a failed answer stands for, its message taken from the manager's own `detail`. */
export function managerErrorOf(status: number, text: string): ManagerError {
  const body = errorBodyOf(text);
  const detail = body ? detailOf(body) : text.trim().split('\n')[0] || `HTTP ${status}`;
  return new ManagerError(status, detail);
}

/** The reason a failed `fetch` gives, from its cause chain (undici hides the system's code there). */
export function unreachableReason(error: unknown): string {
  const cause = causeChain(error).at(-1);
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code === 'ECONNREFUSED' ? 'connection refused' : code;
  return cause instanceof Error ? cause.message : String(cause);
}
