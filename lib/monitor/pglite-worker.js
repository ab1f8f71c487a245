// The PGlite side of the monitoring store. It runs in a worker thread because PGlite runs
// each query synchronously on its calling thread, and it is plain JavaScript so that plain
// Node loads it as well as tsx and vitest do. The parent posts `{ id, op, args }`; requests
// run one at a time in arrival order and each is answered `{ id, result }` or `{ id, error }`.
// Every statement is a constant; values travel only as parameters.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

// Written after a fresh data folder is complete: a folder without it was cut off while loading.
const READY_MARKER = 'mvi-ready';

const msToTimestamp = (param) => `to_timestamp(${param}::float8 / 1000)::timestamptz(3)`;

// One statement per batch. Ids, the arrival order, follow the arrays: unnest emits them in
// order and PGlite runs nothing in parallel.
const INSERT = `INSERT INTO mvi_points (variable, ts, num, txt)
SELECT v, ${msToTimestamp('t')}, n, x FROM unnest($1::text[], $2::float8[], $3::float8[], $4::text[]) AS u(v, t, n, x)`;

// A loose index scan: one index probe per variable instead of reading every row.
const VARIABLE_NAMES = `WITH RECURSIVE names AS (
  (SELECT variable FROM mvi_points ORDER BY variable LIMIT 1)
  UNION ALL
  SELECT (SELECT p.variable FROM mvi_points p WHERE p.variable > names.variable ORDER BY p.variable LIMIT 1)
  FROM names WHERE names.variable IS NOT NULL
)`;

// One row per variable with its columns as JSON arrays: PGlite decodes a few long values far
// faster than many rows. Epoch milliseconds are rounded: the column keeps milliseconds.
const READ = `SELECT variable,
  json_agg(round(date_part('epoch', ts) * 1000) ORDER BY ts, id)::text,
  json_agg(num ORDER BY ts, id)::text,
  json_agg(txt ORDER BY ts, id)::text
FROM mvi_points`;

const READ_FILTERS = {
  variables: (n) => `variable = ANY($${n}::text[])`,
  start: (n) => `ts >= ${msToTimestamp(`$${n}`)}`,
  end: (n) => `ts <= ${msToTimestamp(`$${n}`)}`,
};

const KEEP_NEWEST = `${VARIABLE_NAMES}
DELETE FROM mvi_points p USING (
  SELECT names.variable, c.ts, c.id FROM names CROSS JOIN LATERAL (
    SELECT ts, id FROM mvi_points WHERE variable = names.variable ORDER BY ts DESC, id DESC OFFSET $1 LIMIT 1
  ) c WHERE names.variable IS NOT NULL
) cut
WHERE p.variable = cut.variable AND (p.ts, p.id) <= (cut.ts, cut.id)`;

const DELETE_UNTIL = `DELETE FROM mvi_points WHERE ts <= ${msToTimestamp('$1')}`;

const DUMP = `COPY (SELECT variable, ts, num, txt FROM mvi_points ORDER BY ts, id) TO '/dev/blob'`;

/** @type {PGlite | undefined} */
let db;
let persistent = false;

function database() {
  if (!db) throw new Error('the store is not open');
  return db;
}

// float8 NaN and ±Infinity arrive from json_agg as strings.
const toNumber = (value) => (typeof value === 'string' ? Number(value) : value);

const DAY = 86_400_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
let cachedDay = Number.NaN;
let dayPrefix = '';

// Date#toISOString() took a third of a large read; the points of one read share few days.
// Stored timestamps are whole milliseconds of the years 1 to 9999.
function isoTimestamp(ms) {
  const day = Math.floor(ms / DAY);
  if (day !== cachedDay) {
    cachedDay = day;
    dayPrefix = new Date(day * DAY).toISOString().slice(0, 11);
  }
  const time = ms - day * DAY;
  const hours = TWO_DIGITS[Math.floor(time / 3_600_000)];
  const minutes = TWO_DIGITS[Math.floor(time / 60_000) % 60];
  const seconds = TWO_DIGITS[Math.floor(time / 1000) % 60];
  return `${dayPrefix}${hours}:${minutes}:${seconds}.${THREE_DIGITS[time % 1000]}Z`;
}

const operations = {
  /** A tarball of a fresh data folder after `statements`, made with initdb's `initdbArgs`. */
  async template({ initdbArgs, statements }) {
    const pg = await PGlite.create({ initDbStartParams: initdbArgs });
    try {
      for (const statement of statements) await pg.exec(statement);
      const tarball = await pg.dumpDataDir('none');
      return new Uint8Array(await tarball.arrayBuffer());
    } finally {
      await pg.close();
    }
  },

  /** Opens `pgdata` (in memory when undefined), starting a new one from `template`. */
  async open({ pgdata, template, createTable, settings }) {
    const ready = pgdata ? join(pgdata, READY_MARKER) : undefined;
    const fresh = !ready || !existsSync(ready);
    if (pgdata && fresh && existsSync(pgdata)) {
      // Never delete what might be data: set the unfinished folder aside.
      await rename(pgdata, `${pgdata}.incomplete-${Date.now()}`);
    }
    if (pgdata) await mkdir(pgdata, { recursive: true });
    db = await PGlite.create({
      dataDir: pgdata,
      loadDataDir: fresh ? new Blob([await readFile(template)]) : undefined,
      startParams: [...PGlite.defaultStartParams, ...settings],
    });
    persistent = Boolean(pgdata);
    await db.exec(createTable);
    if (ready && fresh) {
      await db.exec('CHECKPOINT');
      await writeFile(ready, '');
    }
  },

  async insert({ variable, timestamp, num, txt }) {
    await database().query(INSERT, [variable, timestamp, num, txt]);
  },

  async read(query) {
    const conditions = [];
    const params = [];
    for (const [key, condition] of Object.entries(READ_FILTERS)) {
      if (query[key] === undefined) continue;
      params.push(query[key]);
      conditions.push(condition(params.length));
    }
    const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
    const { rows } = await database().query(`${READ}${where} GROUP BY variable`, params, { rowMode: 'array' });
    const data = {};
    for (const [variable, times, nums, txts] of rows) {
      const num = JSON.parse(nums);
      const txt = JSON.parse(txts);
      data[variable] = {
        timestamp: JSON.parse(times).map(isoTimestamp),
        value: num.map((n, i) => (n === null ? txt[i] : toNumber(n))),
      };
    }
    return data;
  },

  /** `read` as JSON text: a string crosses to the main thread as one copy, not 100 000 values. */
  async readJson(query) {
    return JSON.stringify(await operations.read(query));
  },

  async variables() {
    const { rows } = await database().query(`${VARIABLE_NAMES} SELECT variable FROM names WHERE variable IS NOT NULL`, [], {
      rowMode: 'array',
    });
    return rows.map(([name]) => name);
  },

  /** Deletes all but the newest `keep` points per variable, or every point at or before `until`. */
  async clean({ keep, until }) {
    const result = keep === undefined ? await database().query(DELETE_UNTIL, [until]) : await database().query(KEEP_NEWEST, [keep]);
    const deleted = result.affectedRows ?? 0;
    // PGlite runs no autovacuum: reclaim the space and refresh the planner's statistics here.
    if (deleted > 0) await database().exec('VACUUM ANALYZE mvi_points');
    return deleted;
  },

  /** Every point as rows of COPY's text format, oldest first. */
  async dump() {
    const { blob } = await database().query(DUMP);
    return blob ? await blob.text() : '';
  },

  async close() {
    if (!db) return;
    if (persistent) await db.exec('CHECKPOINT');
    await db.close();
    db = undefined;
  },
};

let queue = Promise.resolve();

parentPort.on('message', ({ id, op, args }) => {
  queue = queue.then(async () => {
    try {
      const result = await operations[op](args ?? {});
      parentPort.postMessage({ id, result }, result instanceof Uint8Array ? [result.buffer] : []);
    } catch (error) {
      const { message = String(error), code, stack } = error ?? {};
      parentPort.postMessage({ id, error: { message, code, stack } });
    }
  });
});
