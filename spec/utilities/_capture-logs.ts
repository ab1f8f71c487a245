import { consola, createConsola, LogLevels, type ConsolaInstance, type LogObject } from 'consola';
import { formatWithOptions } from 'node:util';

/** What consola logged while captured, and how to stop capturing. */
export interface CapturedLogs {
  readonly logs: LogObject[];
  /** The text of every captured message, arguments joined by spaces. */
  texts(): string[];
  restore(): void;
}

/** Routes consola's logs (at `level`, default info) into a list instead of the terminal, telling `onLog` of each. */
export function captureLogs(level = 3, onLog: (entry: LogObject) => void = () => {}): CapturedLogs {
  const previous = { reporters: consola.options.reporters, level: consola.level };
  const logs: LogObject[] = [];
  consola.setReporters([
    {
      log(entry) {
        logs.push(entry);
        onLog(entry);
      },
    },
  ]);
  consola.level = level;
  return {
    logs,
    texts: () => logs.map((entry) => entry.args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')),
    restore() {
      consola.setReporters(previous.reporters);
      consola.level = previous.level;
    },
  };
}

/** A logger of its own (at `level`, default info) that keeps each line as text instead of printing it. */
export function capturingLogger(level: number = LogLevels.info): { readonly logger: ConsolaInstance; readonly lines: string[] } {
  const lines: string[] = [];
  const logger = createConsola({ level, reporters: [{ log: (entry) => lines.push(formatWithOptions({ colors: false }, ...entry.args)) }] });
  return { logger, lines };
}
