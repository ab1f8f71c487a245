import { createInterface } from 'node:readline';
import { UserError } from './user-error.ts';
import { say } from './cli-logger.ts';

// Off a terminal, each question takes the next line of stdin (`printf 'admin\npw\n' | mvi login
// url`): one reader for the whole process, since a second would lose what the first buffered.
let reader: { readonly close: () => void; readonly lines: AsyncIterator<string> } | undefined;

async function nextLine(question: string, hint = ''): Promise<string> {
  if (!reader) {
    const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
    reader = { close: () => rl.close(), lines: rl[Symbol.asyncIterator]() };
  }
  const next = await reader.lines.next();
  if (next.done) throw new UserError(`${question} No answer: standard input is not a terminal and has no more lines${hint}`);
  return next.value;
}

const interactive = () => process.stdin.isTTY === true;

// A password typed on a terminal is not echoed. consola's prompts (clack) have none for secrets.
function readHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    let typed = '';
    process.stderr.write(`${question} `);
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || char === '\u0004') return finish(new UserError('Cancelled'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else if (char >= ' ') typed += char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** Asks for a line of text: a prompt on a terminal (`fallback` when left empty), else the next line of stdin. */
export async function ask(question: string, fallback?: string): Promise<string> {
  if (!interactive()) return nextLine(question);
  const answer = await say.prompt(question, { type: 'text', default: fallback, placeholder: fallback, cancel: 'reject' }).catch(() => {
    throw new UserError('Cancelled');
  });
  return answer.trim() || fallback || '';
}

/** Asks for a secret: typed unseen on a terminal, else the next line of stdin; never shown. */
export function askSecret(question: string): Promise<string> {
  return interactive() ? readHidden(question) : nextLine(question);
}

/** Asks a yes/no question: a prompt on a terminal, else the next line of stdin (`y` or `yes` is yes); the commands that ask take `--yes`. */
export async function confirm(question: string): Promise<boolean> {
  if (!interactive()) return /^\s*y(es)?\s*$/i.test(await nextLine(question, ' (give --yes to go ahead without asking)'));
  return say.prompt(question, { type: 'confirm', initial: false, cancel: 'reject' }).catch(() => {
    throw new UserError('Cancelled');
  });
}

/** Lets go of stdin once a command is done, so that a pipe left open does not keep the process alive. */
export function closePrompts(): void {
  reader?.close();
  reader = undefined;
}
