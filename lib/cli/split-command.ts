import { UserError } from './user-error.ts';

/**
 * The argument list of a command line as typed in one string (`python3 -m http.server 8000`):
 * words split on spaces, kept together inside single or double quotes. No variables, globs or
 * escapes: the manager runs the list as it is, without a shell.
 */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (const char of line) {
    if (quote) {
      if (char === quote) quote = undefined;
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + char;
  }
  if (quote) throw new UserError(`--command has an unclosed ${quote}: ${line}`);
  if (word !== undefined) words.push(word);
  if (words.length === 0) throw new UserError('--command is empty: give the command line to run, such as --command "python3 service.py"');
  return words;
}
