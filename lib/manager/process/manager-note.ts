import type { LogFile } from './log-file.ts';

/** The writer of the manager's own lines in a version's log: `[mvi manager {ISO time}] {label} {line}`. */
export function managerNote(log: LogFile, label: string): (line: string) => void {
  return (line) => log.write(`[mvi manager ${new Date().toISOString()}] ${label} ${line}\n`);
}
