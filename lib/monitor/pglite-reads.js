// @ts-check
// The reads of the PGlite store's worker (see pglite-worker.js): series, their JSON and CSV
// zip, and the dump, all from chunks (chunk-codec.js) that PostgreSQL finds and the worker
// opens. Plain JavaScript, as the worker is; statements are constants, values travel as
// parameters, and a dump's cursor is named by a counter of ours.
import { decodeChunk } from './chunk-codec.js';
import { copyField, copyRow } from './copy-rows.js';
import { seriesCsvZip } from './csv-zip.js';
import { isoTimestamp } from './iso-timestamp.js';
import { toMonitorJson } from './json-series.js';

/** @typedef {import('@electric-sql/pglite').PGlite} PGlite */
/** @typedef {import('./types.ts').MonitorData} MonitorData */
/** @typedef {import('./types.ts').StoredValue} StoredValue */
/** @typedef {ReturnType<typeof decodeChunk>} ReadChunk */
/** @typedef {{ start?: number, end?: number, variables?: readonly string[] }} Query */
/** @typedef {{ start?: number, end?: number, ids?: number[] }} Filters */
/** @typedef {{ times: ArrayLike<number>, values: StoredValue[] }} Series */

/** @param {string} param */
export const msToTimestamp = (param) => `to_timestamp(${param}::float8 / 1000)::timestamptz(3)`;

/**
 * Query options that hand bytea columns over as Buffers: PGlite's own parser reads the hex text
 * one parseInt per byte, Node's hex decoder in one call.
 */
export const BYTEA_AS_BUFFER = { rowMode: /** @type {const} */ ('array'), parsers: { 17: (/** @type {string} */ hex) => Buffer.from(hex.slice(2), 'hex') } };

// Each variable's chunks in one value, oldest first, each behind its length: PGlite hands over
// a few long values far faster than many rows (a read of 20 000 points in 2 000 chunks
// spent most of its time taking rows apart).
const CHUNKS = `SELECT variable_id, string_agg(int4send(octet_length(data)) || data, ''::bytea ORDER BY id) FROM mvi_chunks`;

// A chunk is found when its span meets the range; the points outside it are dropped once open.
/** @type {Record<keyof Filters, (n: number) => string>} */
const CHUNK_FILTERS = {
  ids: (n) => `variable_id = ANY($${n}::int4[])`,
  start: (n) => `last_ts >= ${msToTimestamp(`$${n}`)}`,
  end: (n) => `first_ts <= ${msToTimestamp(`$${n}`)}`,
};

// Names stay in mvi_variables once their points are gone: ids never change under the cache.
const VARIABLE_NAMES = `SELECT name FROM mvi_variables v WHERE EXISTS (SELECT FROM mvi_chunks c WHERE c.variable_id = v.id)`;

// A dump reads the chunks oldest first from a cursor WITH HOLD, which outlives its statement,
// so that the pieces are read one by one while writes go on.
const DUMP_CHUNKS = `NO SCROLL CURSOR WITH HOLD FOR
SELECT v.name, c.data FROM mvi_chunks c JOIN mvi_variables v ON v.id = c.variable_id ORDER BY c.id`;
// About this many points to a piece of a dump: memory stays flat however large the store.
const DUMP_PIECE = 20_000;


/**
 * The first position in `times` (ascending) whose time is not below `time` (`after`: above it).
 * @param {ArrayLike<number>} times
 * @param {number} time
 * @param {boolean} after
 */
function boundOf(times, time, after) {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const t = /** @type {number} */ (times[mid]);
    if (t < time || (after && t === time)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The points of `chunks` (one variable's, oldest first) from `start` to `end`, ordered by time
 * then arrival. Chunks are ordered inside, and follow each other unless writes came out of time
 * order: only then are the points sorted.
 * @param {readonly ReadChunk[]} chunks
 * @param {number} start
 * @param {number} end
 * @returns {Series}
 */
export function mergeChunks(chunks, start, end) {
  /** @type {{ chunk: ReadChunk, from: number, to: number }[]} */
  const pieces = [];
  let count = 0;
  let ordered = true;
  for (const chunk of chunks) {
    const from = boundOf(chunk.times, start, false);
    const to = boundOf(chunk.times, end, true);
    if (from >= to) continue;
    const last = pieces.at(-1);
    if (last) {
      // The last point so far against this piece's first: ties are ordered by arrival.
      const [t0, t1] = [/** @type {number} */ (last.chunk.times[last.to - 1]), /** @type {number} */ (chunk.times[from])];
      if (t0 > t1 || (t0 === t1 && /** @type {number} */ (last.chunk.arrivals[last.to - 1]) > /** @type {number} */ (chunk.arrivals[from]))) ordered = false;
    }
    pieces.push({ chunk, from, to });
    count += to - from;
  }
  const times = new Float64Array(count);
  const arrivals = new Float64Array(count);
  /** @type {StoredValue[]} */
  const values = [];
  let at = 0;
  for (const { chunk, from, to } of pieces) {
    for (let i = from; i < to; i++) values.push(/** @type {StoredValue} */ (chunk.values[i]));
    times.set(chunk.times.subarray(from, to), at);
    arrivals.set(chunk.arrivals.subarray(from, to), at);
    at += to - from;
  }
  if (ordered) return { times, values };
  const order = Array.from(times, (_, i) => i).sort(
    (a, b) => /** @type {number} */ (times[a]) - /** @type {number} */ (times[b]) || /** @type {number} */ (arrivals[a]) - /** @type {number} */ (arrivals[b]),
  );
  return { times: Float64Array.from(order, (i) => /** @type {number} */ (times[i])), values: order.map((i) => /** @type {StoredValue} */ (values[i])) };
}

/**
 * The read operations over the open database and the worker's name-to-id cache.
 * @param {() => PGlite} database
 * @param {ReadonlyMap<string, number>} variableIds
 */
export function createReads(database, variableIds) {
  let dumps = 0;
  /** @type {Map<number, number>} chunks to fetch per piece, by dump cursor */
  const dumpSteps = new Map();

  /**
   * Each variable's points that `query` asks for, by name, in the order of their ids.
   * @param {Query} query
   * @returns {Promise<[string, Series][]>}
   */
  const seriesOf = async ({ start, end, variables }) => {
    /** @type {Filters} */
    const filters = { start, end, ids: variables?.flatMap((name) => variableIds.get(name) ?? []) };
    const conditions = [];
    const params = [];
    for (const [key, condition] of Object.entries(CHUNK_FILTERS)) {
      const value = filters[/** @type {keyof Filters} */ (key)];
      if (value === undefined) continue;
      params.push(value);
      conditions.push(condition(params.length));
    }
    const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
    const { rows } = await database().query(`${CHUNKS}${where} GROUP BY variable_id ORDER BY variable_id`, params, BYTEA_AS_BUFFER);
    const names = new Map([...variableIds].map(([name, id]) => [id, name]));
    /** @type {[string, Series][]} */
    const found = [];
    for (const [id, joined] of /** @type {[number, Buffer][]} */ (rows)) {
      /** @type {ReadChunk[]} */
      const list = [];
      for (let at = 0; at < joined.length; ) {
        const length = joined.readInt32BE(at);
        list.push(decodeChunk(joined.subarray(at + 4, (at += 4 + length))));
      }
      const series = mergeChunks(list, start ?? -Infinity, end ?? Infinity);
      if (series.times.length > 0) found.push([/** @type {string} */ (names.get(id)), series]);
    }
    return found;
  };

  /**
   * @param {Query} query
   * @returns {Promise<MonitorData>}
   */
  const read = async (query) => {
    /** @type {MonitorData} */
    const data = {};
    for (const [name, { times, values }] of await seriesOf(query)) data[name] = { timestamp: Array.from(times, isoTimestamp), value: values };
    return data;
  };

  return {
    read,

    /**
     * `read` as UTF-8 JSON, built without the objects: it crosses to the main thread as bytes.
     * JSON.stringify writes null for NaN and ±Infinity, which JSON cannot hold.
     * @param {Query} query
     */
    readJson: async (query) => toMonitorJson((await seriesOf(query)).map(([name, { times, values }]) => ({ name, times, values: JSON.stringify(values) }))),

    /**
     * `read` as a zip of CSV files, written from the stored columns without the objects.
     * @param {Query} query
     */
    readCsvZip: async (query) => seriesCsvZip((await seriesOf(query)).map(([name, { times, values }]) => [name, times, values]), isoTimestamp),

    async variables() {
      const { rows } = await database().query(VARIABLE_NAMES, [], { rowMode: 'array' });
      return /** @type {[string][]} */ (rows).map(([name]) => name);
    },

    /** Opens a cursor over the chunks of a dump, and resolves to its number. */
    async dumpOpen() {
      const cursor = ++dumps;
      await database().exec(`DECLARE mvi_dump_${cursor} ${DUMP_CHUNKS}`);
      dumpSteps.set(cursor, 1);
      return cursor;
    },

    /**
     * The next piece of dump `cursor`: rows of COPY's text format for `(id, variable, ts, num,
     * txt)` in UTF-8, about DUMP_PIECE points of whole chunks; none at the end.
     * @param {{ cursor: number }} args
     */
    async dumpNext({ cursor }) {
      const step = dumpSteps.get(cursor) ?? 1;
      const { rows } = await database().query(`FETCH FORWARD ${step} FROM mvi_dump_${Math.trunc(cursor)}`, [], BYTEA_AS_BUFFER);
      // Each row goes into the piece's bytes at once: a row string dies young, where one long
      // string of all rows lived through collections (a dump took 40 % longer).
      let piece = Buffer.allocUnsafe(1 << 16);
      let size = 0;
      let points = 0;
      for (const [name, data] of /** @type {[string, Buffer][]} */ (rows)) {
        const field = copyField(name);
        const { times, arrivals, values } = decodeChunk(data);
        for (let i = 0; i < times.length; i++) {
          const row = copyRow(/** @type {number} */ (arrivals[i]), field, /** @type {number} */ (times[i]), /** @type {StoredValue} */ (values[i]));
          // A UTF-16 unit takes at most 3 bytes in UTF-8.
          if (size + row.length * 3 > piece.length) piece = Buffer.concat([piece.subarray(0, size)], Math.max(piece.length * 2, size + row.length * 3));
          size += piece.write(row, size);
        }
        points += times.length;
      }
      // Chunks hold from one point to a whole batch: the next piece takes as many as this one's size says.
      if (points > 0) dumpSteps.set(cursor, Math.max(1, Math.min(1000, Math.round((step * DUMP_PIECE) / points))));
      return piece.subarray(0, size);
    },

    /** @param {{ cursor: number }} args */
    async dumpClose({ cursor }) {
      dumpSteps.delete(cursor);
      await database().exec(`CLOSE mvi_dump_${Math.trunc(cursor)}`);
    },
  };
}
