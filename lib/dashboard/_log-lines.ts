// A version's log as the logs page holds it: whole lines, the newest kept, colour codes gone.

/** Lines kept in the page; older ones are dropped as new ones arrive (the download has them all). */
export const MAX_LINES = 5000;

/** The lines read so far and the start of a line still being written. */
export interface LogLines {
  readonly lines: readonly string[];
  readonly partial: string;
  /** Lines dropped from the start to stay within the limit. */
  readonly dropped: number;
}

/** No lines yet. */
export const EMPTY_LOG: LogLines = Object.freeze({ lines: [], partial: '', dropped: 0 });

// Escape sequences (colours, cursor moves) that a terminal would interpret and a page would show
// as noise; each starts with the escape character, named here rather than hidden in a literal.
const ESCAPE = String.fromCharCode(27);
const ANSI = new RegExp(`${ESCAPE}\\[[0-9;?]*[ -/]*[@-~]`, 'g');

/** `log` with `chunk` appended: complete lines join `lines`, the rest waits in `partial`. */
export function appendChunk(log: LogLines, chunk: string, max = MAX_LINES): LogLines {
  const text = log.partial + chunk.replace(ANSI, '');
  const parts = text.split(/\r?\n/);
  const partial = parts.pop() ?? '';
  if (parts.length === 0) return { ...log, partial };
  const all = [...log.lines, ...parts];
  const over = Math.max(0, all.length - max);
  return { lines: over ? all.slice(over) : all, partial, dropped: log.dropped + over };
}

/** Every line so far, the unfinished one included. */
export function allLines(log: LogLines): readonly string[] {
  return log.partial ? [...log.lines, log.partial] : log.lines;
}

/** How serious a line looks, for its colour. */
export function lineLevel(line: string): 'error' | 'warn' | undefined {
  if (/\b(error|fatal|uncaught|exception)\b|✖/i.test(line)) return 'error';
  if (/\bwarn(ing)?\b|⚠/i.test(line)) return 'warn';
  return undefined;
}

/** The lines containing `search` (case-insensitive), numbered from `first`; all of them when it is empty. */
export function filterLines(lines: readonly string[], search: string, first = 1): { readonly number: number; readonly text: string }[] {
  const needle = search.trim().toLowerCase();
  const numbered = lines.map((text, i) => ({ number: first + i, text }));
  return needle ? numbered.filter((line) => line.text.toLowerCase().includes(needle)) : numbered;
}
