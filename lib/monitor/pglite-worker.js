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
import { isoTimestamp } from './iso-timestamp.js';
import { toBinaryArray } from './to-binary-array.js';

// Written after a fresh data folder is complete: a folder without it was cut off while loading.
const READY_MARKER = 'mvi-ready';

const msToTimestamp = (param) => `to_timestamp(${param}::float8 / 1000)::timestamptz(3)`;

// One statement per batch, its arrays in binary (see to-binary-array.js). Ids, the arrival
// order, follow the arrays: unnest emits them in order and PGlite runs nothing in parallel.
const INSERT = `INSERT INTO mvi_samples (variable_id, ts, num, txt)
SELECT * FROM unnest($1::int4[], $2::timestamptz[], $3::float8[], $4::text[])`;

const ADD_VARIABLES = `INSERT INTO mvi_variables (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING`;

const VARIABLE_IDS = `SELECT name, id FROM mvi_variables`;
const IDS_OF = `${VARIABLE_IDS} WHERE name = ANY($1::text[])`;

// Names stay in mvi_variables once their points are gone: ids never change under the cache.
const VARIABLE_NAMES = `SELECT name FROM mvi_variables v WHERE EXISTS (SELECT FROM mvi_samples s WHERE s.variable_id = v.id)`;

// One row per variable with its columns as JSON arrays: PGlite decodes a few long values far
// faster than many rows. Epoch milliseconds are rounded: the column keeps milliseconds. The
// worker knows every id (it alone writes): without a join, the planner walks the index in
// order, where the join's plan sorted and read a fifth slower.
const READ = `SELECT variable_id,
  json_agg(round(date_part('epoch', ts) * 1000) ORDER BY ts, id)::text,
  json_agg(num ORDER BY ts, id)::text,
  json_agg(txt ORDER BY ts, id)::text
FROM mvi_samples`;

const READ_FILTERS = {
  variables: (n) => `variable_id = ANY($${n}::int4[])`,
  start: (n) => `ts >= ${msToTimestamp(`$${n}`)}`,
  end: (n) => `ts <= ${msToTimestamp(`$${n}`)}`,
};

const KEEP_NEWEST = `DELETE FROM mvi_samples s USING (
  SELECT v.id, c.ts, c.sample FROM mvi_variables v CROSS JOIN LATERAL (
    SELECT ts, id AS sample FROM mvi_samples WHERE variable_id = v.id ORDER BY ts DESC, id DESC OFFSET $1 LIMIT 1
  ) c
) cut
WHERE s.variable_id = cut.id AND (s.ts, s.id) <= (cut.ts, cut.sample)`;

const DELETE_UNTIL = `DELETE FROM mvi_samples WHERE ts <= ${msToTimestamp('$1')}`;

const DUMP = `COPY (SELECT variable, ts, num, txt FROM mvi_points ORDER BY ts, id) TO '/dev/blob'`;

const SAVE_PARAMETERS = `INSERT INTO mvi_parameters (name, value)
SELECT * FROM unnest($1::text[], $2::text[]) AS saved (name, value) WHERE value IS NOT NULL
ON CONFLICT (name) DO UPDATE SET value = excluded.value`;

const FORGET_PARAMETERS = `DELETE FROM mvi_parameters p USING unnest($1::text[], $2::text[]) AS saved (name, value)
WHERE p.name = saved.name AND saved.value IS NULL`;

const PARAMETERS = `SELECT name, value FROM mvi_parameters`;

const OLD_LAYOUT = `SELECT FROM pg_class WHERE oid = to_regclass('mvi_points') AND relkind = 'r'`;

/** @type {PGlite | undefined} */
let db;
let persistent = false;
/** @type {Map<string, number>} */
const variableIds = new Map();

function database() {
  if (!db) throw new Error('the store is not open');
  return db;
}

// float8 NaN and ±Infinity arrive from json_agg as strings.
const toNumber = (value) => (typeof value === 'string' ? Number(value) : value);

async function loadVariableIds(sql, params = []) {
  const { rows } = await database().query(sql, params, { rowMode: 'array' });
  for (const [name, id] of rows) variableIds.set(name, id);
}

/** The id of each name, adding the names not seen before to mvi_variables. */
async function idsOf(names) {
  let fresh;
  for (const name of names) if (!variableIds.has(name)) (fresh ??= new Set()).add(name);
  if (fresh) {
    await database().query(ADD_VARIABLES, [[...fresh]]);
    await loadVariableIds(IDS_OF, [[...fresh]]);
  }
  return names.map((name) => variableIds.get(name));
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
  async open({ pgdata, template, schema, settings }) {
    const ready = pgdata ? join(pgdata, READY_MARKER) : undefined;
    const fresh = !ready || !existsSync(ready);
    if (pgdata && fresh && existsSync(pgdata)) {
      // Never delete what might be data: set the unfinished folder aside.
      await rename(pgdata, `${pgdata}.incomplete-${Date.now()}`);
    }
    if (pgdata) await mkdir(pgdata, { recursive: true });
    db = await PGlite.create({
      dataDir: pgdata,
      loadDataDir: fresh ? new Blob([await readFile(template)], { type: template.endsWith('.gz') ? 'application/gzip' : 'application/x-tar' }) : undefined,
      startParams: [...PGlite.defaultStartParams, ...settings],
    });
    persistent = Boolean(pgdata);
    await db.exec(schema.create);
    if ((await db.query(OLD_LAYOUT)).rows.length > 0) {
      // A folder of the first layout (one table with the names): move its points over once.
      await db.transaction((tx) => tx.exec(schema.migrate));
    }
    await db.exec(schema.view);
    variableIds.clear();
    await loadVariableIds(VARIABLE_IDS);
    if (ready && fresh) {
      await db.exec('CHECKPOINT');
      await writeFile(ready, '');
    }
  },

  async insert({ variable, timestamp, num, txt }) {
    const ids = await idsOf(variable);
    const params = [toBinaryArray('int4', ids), toBinaryArray('timestamptz', timestamp), toBinaryArray('float8', num), toBinaryArray('text', txt)];
    await database().query(INSERT, params);
  },

  async read(query) {
    const ids = query.variables?.filter((name) => variableIds.has(name)).map((name) => variableIds.get(name));
    const filters = { ...query, variables: ids };
    const conditions = [];
    const params = [];
    for (const [key, condition] of Object.entries(READ_FILTERS)) {
      if (filters[key] === undefined) continue;
      params.push(filters[key]);
      conditions.push(condition(params.length));
    }
    const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
    const { rows } = await database().query(`${READ}${where} GROUP BY variable_id`, params, { rowMode: 'array' });
    const names = new Map([...variableIds].map(([name, id]) => [id, name]));
    const data = {};
    for (const [id, times, nums, txts] of rows) {
      const variable = names.get(id);
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
    const { rows } = await database().query(VARIABLE_NAMES, [], { rowMode: 'array' });
    return rows.map(([name]) => name);
  },

  /** Deletes all but the newest `keep` points per variable, or every point at or before `until`. */
  async clean({ keep, until }) {
    const result = keep === undefined ? await database().query(DELETE_UNTIL, [until]) : await database().query(KEEP_NEWEST, [keep]);
    const deleted = result.affectedRows ?? 0;
    // PGlite runs no autovacuum: reclaim the space and refresh the planner's statistics here.
    if (deleted > 0) await database().exec('VACUUM ANALYZE mvi_samples');
    return deleted;
  },

  /** Every point as rows of COPY's text format, oldest first. */
  async dump() {
    const { blob } = await database().query(DUMP);
    return blob ? await blob.text() : '';
  },

  /** Keeps each name's value; a null value forgets the name. */
  async saveParameters({ names, values }) {
    await database().transaction(async (tx) => {
      await tx.query(SAVE_PARAMETERS, [names, values]);
      await tx.query(FORGET_PARAMETERS, [names, values]);
    });
  },

  async loadParameters() {
    const { rows } = await database().query(PARAMETERS, [], { rowMode: 'array' });
    return Object.fromEntries(rows);
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
