// @ts-check
// The writes of the PGlite store's worker (see pglite-worker.js): chunks in, retention, and
// the move of a folder of the row-per-point layout into chunks. Plain JavaScript, as the worker
// is; every statement is a constant, values travel only as parameters.
import { columnsOf, decodeChunk, encodeChunk, inTimeOrder } from './chunk-codec.js';
import { BYTEA_AS_BUFFER, msToTimestamp } from './pglite-reads.js';
import { toBinaryArray } from './to-binary-array.js';

/** @typedef {import('@electric-sql/pglite').PGlite} PGlite */
/** @typedef {import('@electric-sql/pglite').Transaction} Transaction */
/** @typedef {import('./types.ts').StoredValue} StoredValue */
/** @typedef {import('./write-buffer.ts').SeriesBatch} SeriesBatch */
/** @typedef {import('./chunk-codec.js').ChunkPoints} ChunkPoints */
/** @typedef {import('./chunk-codec.js').ChunkColumns} ChunkColumns */
/** @typedef {{ variableId: number, columns: ChunkColumns }} Chunk */

// All chunks of a batch in one statement (a statement costs PGlite a few hundred µs), with the
// arrival counter moved past them in the same one.
const INSERT = `WITH arrived AS (SELECT setval('mvi_arrivals', $6))
INSERT INTO mvi_chunks (variable_id, first_ts, last_ts, points, data)
SELECT chunk.* FROM arrived, unnest($1::int4[], $2::timestamptz[], $3::timestamptz[], $4::int4[], $5::bytea[]) AS chunk`;

const LAST_ARRIVAL = `SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM mvi_arrivals`;

const DELETE_UNTIL = `WITH gone AS (DELETE FROM mvi_chunks WHERE last_ts <= ${msToTimestamp('$1')} RETURNING points)
SELECT coalesce(sum(points), 0)::float8 FROM gone`;
const STRADDLING = `SELECT id::float8, data FROM mvi_chunks WHERE first_ts <= ${msToTimestamp('$1')}`;

const OVER_LIMIT = `SELECT variable_id FROM mvi_chunks GROUP BY variable_id HAVING sum(points) > $1`;
const SPANS_OF = `SELECT id::float8, round(date_part('epoch', first_ts) * 1000), round(date_part('epoch', last_ts) * 1000), points
FROM mvi_chunks WHERE variable_id = $1 ORDER BY last_ts DESC, id DESC`;
const DATA_OF = `SELECT id::float8, data FROM mvi_chunks WHERE id = ANY($1::int8[])`;
const DELETE_CHUNKS = `DELETE FROM mvi_chunks WHERE id = ANY($1::int8[])`;
const REWRITE = `UPDATE mvi_chunks SET first_ts = ${msToTimestamp('$2')}, last_ts = ${msToTimestamp('$3')}, points = $4, data = decode($5, 'hex') WHERE id = $1`;

// The second layout's points, a chunk of up to 25 000 per row, in the order reads want them;
// PGlite decodes a few long values far faster than many rows.
const SAMPLE_CHUNKS = `NO SCROLL CURSOR FOR
SELECT variable_id, json_agg(round(date_part('epoch', ts) * 1000) ORDER BY ts, id)::text, json_agg(id ORDER BY ts, id)::text,
  json_agg(num ORDER BY ts, id)::text, json_agg(txt ORDER BY ts, id)::text
FROM (SELECT *, (row_number() OVER (PARTITION BY variable_id ORDER BY ts, id) - 1) / 25000 AS piece FROM mvi_samples) numbered
GROUP BY variable_id, piece ORDER BY variable_id, piece`;

/**
 * Writes `chunks` in one statement and moves the arrival counter to `lastArrival`.
 * @param {PGlite | Transaction} db
 * @param {readonly Chunk[]} chunks
 * @param {number} lastArrival
 */
async function insertChunks(db, chunks, lastArrival) {
  const params = [
    toBinaryArray('int4', chunks.map((c) => c.variableId)),
    toBinaryArray('timestamptz', chunks.map((c) => /** @type {number} */ (c.columns.times[0]))),
    toBinaryArray('timestamptz', chunks.map((c) => /** @type {number} */ (c.columns.times[c.columns.times.length - 1]))),
    toBinaryArray('int4', chunks.map((c) => c.columns.times.length)),
    toBinaryArray('bytea', chunks.map((c) => encodeChunk(c.columns))),
    lastArrival,
  ];
  await db.query(INSERT, params);
}

/** @param {string | number | null} value float8 NaN and ±Infinity arrive from json_agg as strings. */
const toNumber = (value) => (typeof value === 'string' ? Number(value) : value);

/**
 * The write operations over the open database; `idsOf` gives the variable ids of names.
 * @param {() => PGlite} database
 * @param {(names: readonly string[]) => Promise<number[]>} idsOf
 */
export function createWrites(database, idsOf) {
  // Arrivals number points across the store's life: the buffer numbers them from 0 in each
  // process, and `shift` moves its numbers past the last arrival stored.
  let lastArrival = 0;
  let shift = Number.NEGATIVE_INFINITY;

  /**
   * Keeps the points of chunk `id` that `keep` selects by position; deletes it when none are left.
   * @param {PGlite | Transaction} db
   * @param {number} id
   * @param {ChunkPoints} points
   * @param {(i: number) => boolean} keep
   */
  async function trim(db, id, points, keep) {
    const kept = Array.from(points.times, (_, i) => i).filter(keep);
    if (kept.length === points.times.length) return 0;
    if (kept.length === 0) {
      await db.query(DELETE_CHUNKS, [[id]]);
      return points.times.length;
    }
    const rest = { times: kept.map((i) => /** @type {number} */ (points.times[i])), arrivals: kept.map((i) => /** @type {number} */ (points.arrivals[i])), values: kept.map((i) => /** @type {StoredValue} */ (points.values[i])) };
    await db.query(REWRITE, [id, rest.times[0], rest.times[rest.times.length - 1], kept.length, encodeChunk(columnsOf(rest)).toString('hex')]);
    return points.times.length - kept.length;
  }

  /**
   * Deletes every point at or before `until`; resolves to how many.
   * @param {PGlite | Transaction} db
   * @param {number} until
   */
  async function deleteUntil(db, until) {
    const { rows } = await db.query(DELETE_UNTIL, [until], { rowMode: 'array' });
    let deleted = /** @type {[number][]} */ (rows)[0]?.[0] ?? 0;
    const { rows: straddling } = await db.query(STRADDLING, [until], BYTEA_AS_BUFFER);
    for (const [id, data] of /** @type {[number, Buffer][]} */ (straddling)) {
      const points = decodeChunk(data);
      deleted += await trim(db, id, points, (i) => /** @type {number} */ (points.times[i]) > until);
    }
    return deleted;
  }

  /**
   * Deletes all but the newest `keep` points of variable `variableId`; resolves to how many.
   * The newest `keep` are in the chunks that end latest, and in chunks that overlap those.
   * @param {PGlite | Transaction} db
   * @param {number} variableId
   * @param {number} keep
   */
  async function keepNewest(db, variableId, keep) {
    const { rows } = await db.query(SPANS_OF, [variableId], { rowMode: 'array' });
    const spans = /** @type {[id: number, first: number, last: number, points: number][]} */ (rows);
    let covered = 0;
    let end = 0;
    let earliest = Number.POSITIVE_INFINITY;
    while (end < spans.length && covered < keep) {
      const [, first, , points] = /** @type {(typeof spans)[number]} */ (spans[end++]);
      covered += points;
      earliest = Math.min(earliest, first);
    }
    // A chunk that ends before the earliest of these holds only older points than the newest `keep`.
    while (end < spans.length && /** @type {(typeof spans)[number]} */ (spans[end])[2] >= earliest) end++;
    const older = spans.slice(end);
    let deleted = older.reduce((sum, [, , , points]) => sum + points, 0);
    if (older.length > 0) await db.query(DELETE_CHUNKS, [older.map(([id]) => id)]);
    const { rows: opened } = await db.query(DATA_OF, [spans.slice(0, end).map(([id]) => id)], BYTEA_AS_BUFFER);
    const chunks = /** @type {[number, Buffer][]} */ (opened).map(([id, data]) => ({ id, points: decodeChunk(data) }));
    const all = chunks.flatMap(({ points }, c) => Array.from(points.times, (time, i) => ({ time, arrival: /** @type {number} */ (points.arrivals[i]), c, i })));
    all.sort((a, b) => b.time - a.time || b.arrival - a.arrival);
    const kept = new Set(all.slice(0, keep).map(({ c, i }) => `${c}:${i}`));
    for (const [c, { id, points }] of chunks.entries()) deleted += await trim(db, id, points, (i) => kept.has(`${c}:${i}`));
    return deleted;
  }

  return {
    /** Reads where the arrival counter stands; the worker calls it once the database is open. */
    async loadArrivals() {
      const { rows } = await database().query(LAST_ARRIVAL, [], { rowMode: 'array' });
      lastArrival = Number(/** @type {[number | string][]} */ (rows)[0]?.[0] ?? 0);
      shift = Number.NEGATIVE_INFINITY;
    },

    /**
     * Writes each series as one chunk, in one statement.
     * @param {SeriesBatch[]} batch
     */
    async insert(batch) {
      const ids = await idsOf(batch.map((series) => series.variable));
      const first = Math.min(...batch.map((series) => /** @type {number} */ (series.arrivals[0])));
      shift = Math.max(shift, lastArrival + 1 - first);
      let last = lastArrival;
      const chunks = batch.map((series, i) => {
        // The columns are this thread's own copy: they are made whole milliseconds and arrivals of the store in place.
        const { times, arrivals } = series;
        for (let k = 0; k < times.length; k++) {
          times[k] = Math.round(/** @type {number} */ (times[k]));
          arrivals[k] = /** @type {number} */ (arrivals[k]) + shift;
        }
        last = Math.max(last, /** @type {number} */ (arrivals[arrivals.length - 1]));
        return { variableId: /** @type {number} */ (ids[i]), columns: inTimeOrder(series) };
      });
      await insertChunks(database(), chunks, last);
      lastArrival = last;
    },

    /**
     * Deletes all but the newest `keep` points per variable, or every point at or before
     * `until`; resolves to how many.
     * @param {{ keep?: number, until?: number }} args
     */
    async clean({ keep, until }) {
      return database().transaction(async (tx) => {
        if (keep === undefined) return deleteUntil(tx, /** @type {number} */ (until));
        const { rows } = await tx.query(OVER_LIMIT, [keep], { rowMode: 'array' });
        let deleted = 0;
        for (const [variableId] of /** @type {[number][]} */ (rows)) deleted += await keepNewest(tx, variableId, keep);
        return deleted;
      });
    },

    /**
     * Moves the points of `mvi_samples` (the second layout, a row per point) into chunks and
     * drops it, with the view that showed it; its ids become the arrivals. Resolves to how
     * many points moved.
     * @param {Transaction} tx
     */
    async migrateSamples(tx) {
      await tx.exec(`DECLARE mvi_migration ${SAMPLE_CHUNKS}`);
      let last = 0;
      let moved = 0;
      for (;;) {
        const { rows } = await tx.query('FETCH FORWARD 1 FROM mvi_migration', [], { rowMode: 'array' });
        const row = /** @type {[number, string, string, string, string][]} */ (rows)[0];
        if (!row) break;
        const [variableId, times, ids, nums, txts] = row;
        /** @type {(string | number | null)[]} */
        const num = JSON.parse(nums);
        /** @type {(string | null)[]} */
        const txt = JSON.parse(txts);
        /** @type {number[]} */
        const arrivals = JSON.parse(ids);
        const values = num.map((n, i) => (n === null ? /** @type {string} */ (txt[i]) : /** @type {number} */ (toNumber(n))));
        for (const arrival of arrivals) last = Math.max(last, arrival);
        moved += arrivals.length;
        await insertChunks(tx, [{ variableId, columns: columnsOf({ times: JSON.parse(times), arrivals, values }) }], last);
      }
      await tx.exec('CLOSE mvi_migration; DROP VIEW IF EXISTS mvi_points; DROP TABLE mvi_samples');
      return moved;
    },
  };
}
