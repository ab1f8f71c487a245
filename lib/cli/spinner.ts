import yoctoSpinner from 'yocto-spinner';
import { say } from './cli-logger.ts';

// A call that answers within this shows no spinner at all: no flicker on quick requests.
const DELAY_MS = 150;
// Off a terminal (a CI log, a pipe) a wait is announced once, and only when it is a long one.
const QUIET_DELAY_MS = 1000;

const interactive = () => process.stderr.isTTY === true && process.env.TERM !== 'dumb' && !('CI' in process.env);

/**
 * Runs `work` with a spinner on stderr that says `text` while it waits (once the wait is longer
 * than a moment), then `done` (given the result) once it succeeded; a failure clears the spinner
 * and is rethrown for the command to report. Off a terminal, a long wait prints `text` once.
 */
export async function withSpinner<T>(text: string, work: () => Promise<T>, done?: (result: T) => string): Promise<T> {
  const spinner = interactive() ? yoctoSpinner({ text }) : undefined;
  const timer = spinner ? setTimeout(() => spinner.start(), DELAY_MS) : setTimeout(() => say.start(text), QUIET_DELAY_MS);
  try {
    const result = await work();
    const message = done?.(result);
    if (spinner?.isSpinning && message !== undefined) spinner.success(message);
    else {
      spinner?.stop();
      if (message !== undefined) say.success(message);
    }
    return result;
  } catch (error) {
    spinner?.stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
