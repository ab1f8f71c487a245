// @ts-check
// The reads of the PGlite store's worker (see pglite-worker.js): series, their JSON and CSV
// zip, and the dump. Plain JavaScript, as the worker is; statements are constants, values
// travel as parameters, and a dump's cursor is named by a counter of ours.
import { toCsvZip } from './csv-zip.js';
import { isoTimestamp } from './iso-timestamp.js';
import { toMonitorJson } from './json-series.js';

/** @typedef {import('@electric-sql/pglite').PGlite} PGlite */
/** @typedef {import('./types.ts').MonitorData} MonitorData */
/** @typedef {{ start?: number, end?: number, variables?: readonly string[] }} Query */
/** @typedef {{ start?: number, end?: number, ids?: number[] }} Filters */
/** @typedef {[id: number, times: string, nums: string | null, txts: string | null]} SeriesRow */

/** @param {string} param */
export const msToTimestamp = (param) => `to_timestamp(${param}::float8 / 1000)::timestamptz(3)`;

// One row per variable with its columns as JSON arrays: PGlite decodes a few long values far
// faster than many rows. Epoch milliseconds are rounded: the column keeps milliseconds. The
// worker knows every id (it alone writes): without a join, the planner walks the index in
// order, where the join's plan sorted and read a fifth slower.
const TIMES = `json_agg(round(date_part('epoch', ts) * 1000) ORDER BY ts, id)::text`;
const READ = `SELECT variable_id, ${TIMES}, json_agg(num ORDER BY ts, id)::text, json_agg(txt ORDER BY ts, id)::text FROM mvi_samples`;

// A variable holds numbers or text, rarely both: its values go into the answer as PostgreSQL
// wrote them, and only a variable of both kinds is read again as READ reads.
const READ_JSON = `SELECT variable_id, ${TIMES},
  json_agg(num ORDER BY ts, id) FILTER (WHERE num IS NOT NULL)::text,
  json_agg(txt ORDER BY ts, id) FILTER (WHERE txt IS NOT NULL)::text
FROM mvi_samples`;

/** @type {Record<keyof Filters, (n: number) => string>} */
const READ_FILTERS = {
  ids: (n) => `variable_id = ANY($${n}::int4[])`,
  start: (n) => `ts >= ${msToTimestamp(`$${n}`)}`,
  end: (n) => `ts <= ${msToTimestamp(`$${n}`)}`,
};

// Names stay in mvi_variables once their points are gone: ids never change under the cache.
const VARIABLE_NAMES = `SELECT name FROM mvi_variables v WHERE EXISTS (SELECT FROM mvi_samples s WHERE s.variable_id = v.id)`;

// A text field of COPY's text format: backslash escapes (NULL is written \N).
/** @param {string} column */
const copyField = (column) => String.raw`replace(replace(replace(replace(${column}, E'\\', E'\\\\'), E'\t', E'\\t'), E'\n', E'\\n'), E'\r', E'\\r')`;

// A dump: rows of COPY's text format, oldest first, 20 000 to a piece. A cursor WITH HOLD
// outlives its statement, so the pieces are read one by one while writes go on; PostgreSQL
// writes each piece as one text, which PGlite hands over far faster than 20 000 rows. A dump of
// 1 000 000 points no longer grows the process (bench/monitor-store.ts: +0 MB RSS, where one
// COPY blob took +450 MB).
const DUMP_PIECES = String.raw`NO SCROLL CURSOR WITH HOLD FOR
SELECT string_agg(line, '' ORDER BY ts, id) FROM (
  SELECT s.ts, s.id, (row_number() OVER (ORDER BY s.ts, s.id) - 1) / 20000 AS piece,
    v.field || E'\t' || s.ts::text || E'\t' || coalesce(s.num::text, '\N') || E'\t' || coalesce(${copyField('s.txt')}, '\N') || E'\n' AS line
  FROM mvi_samples s JOIN (SELECT id, ${copyField('name')} AS field FROM mvi_variables) v ON v.id = s.variable_id
) numbered GROUP BY piece ORDER BY piece`;

const encoder = new TextEncoder();

// float8 NaN and ±Infinity arrive from json_agg as strings.
/** @param {number | string} value */
const toNumber = (value) => (typeof value === 'string' ? Number(value) : value);

/**
 * The values of one variable from READ's two JSON arrays, where each point has one of them.
 * @param {string} nums
 * @param {string} txts
 * @returns {(number | string)[]}
 */
function valuesOf(nums, txts) {
  /** @type {(number | string | null)[]} */
  const num = JSON.parse(nums);
  /** @type {string[]} */
  const txt = JSON.parse(txts);
  return num.map((n, i) => (n === null ? /** @type {string} */ (txt[i]) : toNumber(n)));
}

/**
 * The read operations over the open database and the worker's name-to-id cache.
 * @param {() => PGlite} database
 * @param {ReadonlyMap<string, number>} variableIds
 */
export function createReads(database, variableIds) {
  let dumps = 0;
  /** @returns {Map<number, string>} */
  const namesById = () => new Map([...variableIds].map(([name, id]) => [id, name]));

  /**
   * Rows of `select` (grouped by variable) that match `filters`.
   * @param {string} select
   * @param {Filters} filters
   * @returns {Promise<SeriesRow[]>}
   */
  const groupedRows = async (select, filters) => {
    const conditions = [];
    const params = [];
    for (const [key, condition] of Object.entries(READ_FILTERS)) {
      const value = filters[/** @type {keyof Filters} */ (key)];
      if (value === undefined) continue;
      params.push(value);
      conditions.push(condition(params.length));
    }
    const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
    const { rows } = await database().query(`${select}${where} GROUP BY variable_id`, params, { rowMode: 'array' });
    return /** @type {SeriesRow[]} */ (rows);
  };

  /**
   * `query`'s filters, its variables as the ids of those ever stored.
   * @param {Query} query
   * @returns {Filters}
   */
  const filtersOf = ({ start, end, variables }) => ({ start, end, ids: variables?.flatMap((name) => variableIds.get(name) ?? []) });

  /**
   * @param {Query} query
   * @returns {Promise<MonitorData>}
   */
  const read = async (query) => {
    const names = namesById();
    /** @type {MonitorData} */
    const data = {};
    for (const [id, times, nums, txts] of await groupedRows(READ, filtersOf(query))) {
      data[/** @type {string} */ (names.get(id))] = { timestamp: JSON.parse(times).map(isoTimestamp), value: valuesOf(nums ?? '[]', txts ?? '[]') };
    }
    return data;
  };

  return {
    read,

    /**
     * `read` as UTF-8 JSON, built without the objects: it crosses to the main thread as bytes.
     * @param {Query} query
     */
    async readJson(query) {
      const filters = filtersOf(query);
      const rows = await groupedRows(READ_JSON, filters);
      const mixed = rows.filter(([, , nums, txts]) => nums !== null && txts !== null).map(([id]) => id);
      /** @type {Map<number, string>} */
      const mixedValues = new Map();
      if (mixed.length > 0) {
        for (const [id, , nums, txts] of await groupedRows(READ, { ...filters, ids: mixed })) {
          mixedValues.set(id, JSON.stringify(valuesOf(nums ?? '[]', txts ?? '[]')));
        }
      }
      const names = namesById();
      return toMonitorJson(rows.map(([id, times, nums, txts]) => ({
        name: /** @type {string} */ (names.get(id)),
        times: JSON.parse(times),
        // JSON has no NaN or ±Infinity: JSON.stringify writes null where PostgreSQL writes a string.
        values: mixedValues.get(id) ?? (nums === null ? /** @type {string} */ (txts) : nums.replace(/"(?:NaN|-?Infinity)"/g, 'null')),
      })));
    },

    /** @param {Query} query */
    readCsvZip: async (query) => toCsvZip(await read(query)),

    async variables() {
      const { rows } = await database().query(VARIABLE_NAMES, [], { rowMode: 'array' });
      return /** @type {[string][]} */ (rows).map(([name]) => name);
    },

    /** Opens a cursor over the pieces of a dump, and resolves to its number. */
    async dumpOpen() {
      const cursor = ++dumps;
      await database().exec(`DECLARE mvi_dump_${cursor} ${DUMP_PIECES}`);
      return cursor;
    },

    /**
     * The next piece of dump `cursor`: rows of COPY's text format in UTF-8; none at the end.
     * @param {{ cursor: number }} args
     */
    async dumpNext({ cursor }) {
      const { rows } = await database().query(`FETCH FORWARD 1 FROM mvi_dump_${Math.trunc(cursor)}`, [], { rowMode: 'array' });
      return encoder.encode(/** @type {[string][]} */ (rows)[0]?.[0] ?? '');
    },

    /** @param {{ cursor: number }} args */
    async dumpClose({ cursor }) {
      await database().exec(`CLOSE mvi_dump_${Math.trunc(cursor)}`);
    },
  };
}
