import { CREATE_MONITOR_TABLE } from './table-sql.ts';
import type { MonitorPoint } from './types.ts';

// COPY's text format: backslash escapes, \N for NULL.
function copyField(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

function copyNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return String(value);
}

/** `points` as rows of COPY's text format for columns `(variable, ts, num, txt)`, in order. */
export function toCopyRows(points: Iterable<MonitorPoint>): string {
  let rows = '';
  for (const point of points) {
    const isNumber = typeof point.value === 'number';
    rows += `${copyField(point.variable)}\t${new Date(point.timestamp).toISOString()}\t${
      isNumber ? copyNumber(point.value as number) : '\\N'
    }\t${isNumber ? '\\N' : copyField(point.value as string)}\n`;
  }
  return rows;
}

const HEAD = [
  '-- mvi monitoring data; restore with: psql -v ON_ERROR_STOP=1 -f this-file.sql',
  'BEGIN;',
  CREATE_MONITOR_TABLE,
  'COPY mvi_points (variable, ts, num, txt) FROM stdin;',
  '',
].join('\n');
const TAIL = '\\.\nCOMMIT;\n';

/**
 * A SQL script (for `psql -f`) that recreates the monitoring table with `copyRows`, pieces of
 * rows of COPY's text format for columns `(variable, ts, num, txt)` (each row ending with a
 * newline), in UTF-8 pieces read as they are consumed.
 */
export async function* streamSqlDump(copyRows: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  yield encoder.encode(HEAD);
  yield* copyRows;
  yield encoder.encode(TAIL);
}

/** The text of a stream of UTF-8 pieces. */
export async function textOf(pieces: AsyncIterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const piece of pieces) text += decoder.decode(piece, { stream: true });
  return text + decoder.decode();
}
