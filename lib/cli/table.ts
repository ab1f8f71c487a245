import { colors } from 'consola/utils';

/** One cell: shown as text, `undefined` and `null` as `-`. */
export type Cell = string | number | undefined | null;

const text = (cell: Cell) => (cell === undefined || cell === null || cell === '' ? '-' : String(cell));

/** Columns aligned on the longest cell of each, the headers in bold, two spaces between columns, no trailing spaces. */
export function formatTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const cells = rows.map((row) => headers.map((_, i) => text(row[i])));
  const widths = headers.map((header, i) => Math.max(header.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: readonly string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [colors.bold(line(headers)), ...cells.map(line)].join('\n');
}

/** Prints a table on stdout. */
export function printTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): void {
  process.stdout.write(`${formatTable(headers, rows)}\n`);
}
