import { CREATE_MONITOR_TABLE } from './table-sql.ts';
import type { MonitorPoint } from './types.ts';

// COPY's text format: backslash escapes, \N for NULL.
function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

function copyNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return String(value);
}

/** A SQL script (for `psql -f`) that recreates the monitoring table with `points`, in order. */
export function toSqlDump(points: Iterable<MonitorPoint>): string {
  const lines = [
    '-- mvi monitoring data; restore with: psql -f this-file.sql',
    'BEGIN;',
    `${CREATE_MONITOR_TABLE}`,
    'COPY mvi_points (variable, ts, num, txt) FROM stdin;',
  ];
  for (const point of points) {
    const isNumber = typeof point.value === 'number';
    lines.push(
      [
        copyField(point.variable),
        new Date(point.timestamp).toISOString(),
        isNumber ? copyNumber(point.value as number) : '\\N',
        isNumber ? '\\N' : copyField(point.value as string),
      ].join('\t'),
    );
  }
  lines.push('\\.', 'COMMIT;', '');
  return lines.join('\n');
}
