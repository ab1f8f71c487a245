import { copyField, copyRow } from './copy-rows.js';
import { CREATE_MONITOR_TABLE } from './table-sql.ts';
import type { MonitorPoint } from './types.ts';

/** `points` as rows of COPY's text format for columns `(id, variable, ts, num, txt)`, numbered from `firstId` in order. */
export function toCopyRows(points: Iterable<MonitorPoint>, firstId: number): string {
  let rows = '';
  let id = firstId;
  // As `Date#toISOString()` writes a fraction of a millisecond: cut off.
  for (const point of points) rows += copyRow(id++, copyField(point.variable), Math.trunc(point.timestamp), point.value);
  return rows;
}

const HEAD = [
  '-- mvi monitoring data; restore with: psql -v ON_ERROR_STOP=1 -f this-file.sql',
  'BEGIN;',
  CREATE_MONITOR_TABLE,
  'COPY mvi_points (id, variable, ts, num, txt) FROM stdin;',
  '',
].join('\n');
// The ids come with the rows: points added after a restore are numbered after them.
const TAIL = `\\.
DO $$ BEGIN PERFORM setval(pg_get_serial_sequence('mvi_points', 'id'), coalesce((SELECT max(id) FROM mvi_points), 0) + 1, false); END $$;
COMMIT;
`;

/**
 * A SQL script (for `psql -f`) that recreates the monitoring table with `copyRows`, pieces of
 * rows of COPY's text format for columns `(id, variable, ts, num, txt)` (each row ending with a
 * newline; ids order the points of one millisecond by arrival), in UTF-8 pieces read as they
 * are consumed.
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
