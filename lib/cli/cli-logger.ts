import { createConsola } from 'consola';

/**
 * What the commands say to the person at the terminal, all of it on stderr: stdout carries only
 * what a script may want to read (tables, logs, a token asked for), so `mvi token | pbcopy` and
 * `mvi ls | grep` see nothing else.
 */
export const say = createConsola({ stdout: process.stderr, stderr: process.stderr });

/** Prints an error as one line: no badge, no stack; whatever follows the first line (a log's tail) comes after it as it is. */
export function sayError(message: string): void {
  const [first = '', ...rest] = message.split('\n');
  say.error({ message: first, badge: false });
  if (rest.length) process.stderr.write(`${rest.join('\n').trimEnd()}\n`);
}
