/** A mistake of the user's (a wrong argument, no login, a refused answer): shown as one line, without a stack; the command exits 1. */
export class UserError extends Error {
  override readonly name = 'UserError';
}
