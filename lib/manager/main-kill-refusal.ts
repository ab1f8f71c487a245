import { httpError, type HttpError } from '../engine/http-error.ts';

/**
 * The 403 for killing `version`, the main version of `name`, while other versions of the name run
 * as shadows or start (a version that starts while its name has a main is to be a shadow: without
 * main it would be a shadow of nothing, or main without anyone asking); undefined when it may go.
 */
export function mainKillRefusal(name: string, version: string, shadows: number, starting: readonly string[]): HttpError | undefined {
  const killAll = `kill all versions (mvi kill ${name} --all, or {"name": "${name}", "all": true})`;
  if (shadows > 0) return httpError(403, `${name} ${version} is the main version while shadows run: assign another main first, or ${killAll}`);
  if (starting.length > 0) return httpError(403, `${name} ${version} is the main version while shadows start (${starting.join(', ')}): wait for their deploys to answer and assign another main, or ${killAll}`);
  return undefined;
}
