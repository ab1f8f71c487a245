import type { PendingQuery, Row, Sql } from 'postgres';
import { isoTimestamp } from './iso-timestamp.js';
import { toCopyRows } from './sql-dump.ts';
import type { MonitorData, MonitorQuery, StoredValue } from './types.ts';

// Rows of a dump read at once: a piece of the script.
const DUMP_PIECE_ROWS = 10_000;

function where(sql: Sql, query: MonitorQuery): PendingQuery<Row[]> {
  const conditions = [
    query.variables && sql`v.name = ANY(${query.variables as string[]}::text[])`,
    query.start !== undefined && sql`s.ts >= to_timestamp(${query.start}::float8 / 1000)`,
    query.end !== undefined && sql`s.ts <= to_timestamp(${query.end}::float8 / 1000)`,
  ].filter((condition) => condition !== false && condition !== undefined);
  return conditions.reduce((clause, condition, i) => sql`${clause} ${i === 0 ? sql`WHERE` : sql`AND`} ${condition}`, sql``);
}

// float8 NaN and ±Infinity arrive from json_agg as strings.
const toValue = (num: number | string | null, txt: string | null): StoredValue => (num === null ? txt! : Number(num));

/** The points matching `query` of every replica, merged in time order (then by arrival at the server). */
export async function readSeries(sql: Sql, query: MonitorQuery): Promise<MonitorData> {
  const rows = await sql<{ name: string; times: string; nums: string; txts: string }[]>`
    SELECT v.name,
      json_agg(round(date_part('epoch', s.ts) * 1000) ORDER BY s.ts, s.id)::text AS times,
      json_agg(s.num ORDER BY s.ts, s.id)::text AS nums,
      json_agg(s.txt ORDER BY s.ts, s.id)::text AS txts
    FROM mvi_samples s JOIN mvi_variables v ON v.id = s.variable_id ${where(sql, query)}
    GROUP BY v.name`;
  const data: MonitorData = {};
  for (const { name, times, nums, txts } of rows) {
    const num: (number | string | null)[] = JSON.parse(nums);
    const txt: (string | null)[] = JSON.parse(txts);
    data[name] = { timestamp: (JSON.parse(times) as number[]).map(isoTimestamp), value: num.map((n, i) => toValue(n, txt[i]!)) };
  }
  return data;
}

/**
 * What `readSeries` gives as UTF-8 JSON, written by the server: the request thread only turns
 * the text into bytes. JSON has no NaN or ±Infinity: null stands for them, as JSON.stringify writes.
 */
export async function readSeriesJson(sql: Sql, query: MonitorQuery): Promise<Uint8Array> {
  const [row] = await sql<{ json: string }[]>`
    SELECT coalesce(json_object_agg(name, json_build_object('timestamp', times, 'value', vals)), '{}')::text AS json FROM (
      SELECT v.name,
        json_agg(to_char(s.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') ORDER BY s.ts, s.id) AS times,
        json_agg(CASE WHEN s.txt IS NOT NULL THEN to_json(s.txt) WHEN s.num IN ('NaN', 'Infinity', '-Infinity') THEN NULL ELSE to_json(s.num) END ORDER BY s.ts, s.id) AS vals
      FROM mvi_samples s JOIN mvi_variables v ON v.id = s.variable_id ${where(sql, query)}
      GROUP BY v.name
    ) series`;
  return Buffer.from(row!.json, 'utf8');
}

/** The names of the variables that have points. */
export async function storedVariables(sql: Sql): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`SELECT name FROM mvi_variables v WHERE EXISTS (SELECT FROM mvi_samples s WHERE s.variable_id = v.id)`;
  return rows.map((row) => row.name);
}

/**
 * Every point as rows of COPY's text format for columns `(variable, ts, num, txt)`, oldest
 * first, in pieces read from the server through a cursor as they are consumed.
 */
// Not COPY TO STDOUT: the client (postgres 3.4.9) can leave the connection paused for good
// when the last rows and the end of a COPY arrive in one chunk (porsager/postgres#499).
export async function* dumpRows(sql: Sql): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  const rows = sql<{ variable: string; timestamp: number; num: number | string | null; txt: string | null }[]>`
    SELECT v.name AS variable, round(date_part('epoch', s.ts) * 1000)::float8 AS timestamp, s.num, s.txt
    FROM mvi_samples s JOIN mvi_variables v ON v.id = s.variable_id ORDER BY s.ts, s.id`.cursor(DUMP_PIECE_ROWS);
  // The dump numbers its rows: points of one millisecond keep their order when restored.
  let id = 1;
  for await (const piece of rows) {
    yield encoder.encode(toCopyRows(piece.map(({ variable, timestamp, num, txt }) => ({ variable, timestamp, value: toValue(num, txt) })), id));
    id += piece.length;
  }
}
