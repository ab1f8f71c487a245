import { httpError, type HttpError } from '../../engine/http-error.ts';
import type { LogFile } from './log-file.ts';
import { readLogTail } from './read-log-tail.ts';

const LOG_TAIL = 40;

/** The 422 a deploy answers when its version could not be made to run: `reason`, then the last lines of the version's log. */
export function refusalWithLogTail(reason: string, log: LogFile): HttpError {
  const tail = readLogTail(log.paths(), LOG_TAIL).toString('utf8');
  return httpError(422, `${reason}; the end of its log:\n${tail}`);
}
