// @ts-check
// The PGlite side of the monitoring store. It runs in a worker thread because PGlite runs
// each query synchronously on its calling thread, and it is plain JavaScript so that plain
// Node loads it as well as tsx and vitest do. The parent posts `{ id, op, args }`; requests
// run one at a time in arrival order and each is answered `{ id, result }` or `{ id, error }`.
// Every statement is a constant; values travel only as parameters. Points are kept in chunks
// (chunk-codec.js); the reads live in pglite-reads.js, the writes in pglite-writes.js.
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { answerCalls } from '../utilities/_answer-calls.js';
import { lowerThreadPriority } from './_lower-thread-priority.js';
import { createReads, msToTimestamp } from './pglite-reads.js';
import { createWrites } from './pglite-writes.js';
import { templateBlob } from './template-blob.js';

// Written after a fresh data folder is complete: a folder without it was cut off while loading.
const READY_MARKER = 'mvi-ready';

const ADD_VARIABLES = `INSERT INTO mvi_variables (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING`;

const VARIABLE_IDS = `SELECT name, id FROM mvi_variables`;
const IDS_OF = `${VARIABLE_IDS} WHERE name = ANY($1::text[])`;

const NOTE_CLEAN = `INSERT INTO mvi_retention (last_clean) VALUES (${msToTimestamp('$1')})
ON CONFLICT (singleton) DO UPDATE SET last_clean = EXCLUDED.last_clean`;
const FIRST_CLEAN = `INSERT INTO mvi_retention (last_clean) VALUES (${msToTimestamp('$1')}) ON CONFLICT (singleton) DO NOTHING`;
const LAST_CLEAN = `SELECT round(date_part('epoch', last_clean) * 1000) FROM mvi_retention`;

const SAVE_PARAMETERS = `INSERT INTO mvi_parameters (name, value)
SELECT * FROM unnest($1::text[], $2::text[]) AS saved (name, value) WHERE value IS NOT NULL
ON CONFLICT (name) DO UPDATE SET value = excluded.value`;

const FORGET_PARAMETERS = `DELETE FROM mvi_parameters p USING unnest($1::text[], $2::text[]) AS saved (name, value)
WHERE p.name = saved.name AND saved.value IS NULL`;

const PARAMETERS = `SELECT name, value FROM mvi_parameters`;

/** @param {string} table */
const isTable = (table) => `SELECT FROM pg_class WHERE oid = to_regclass('${table}') AND relkind = 'r'`;
const FIRST_LAYOUT = isTable('mvi_points');
const SECOND_LAYOUT = isTable('mvi_samples');

/** @type {PGlite | undefined} */
let db;
let persistent = false;
/** @type {Map<string, number>} */
const variableIds = new Map();

function database() {
  if (!db) throw new Error('the store is not open');
  return db;
}

/**
 * @param {string} sql
 * @param {unknown[]} [params]
 */
async function loadVariableIds(sql, params = []) {
  const { rows } = await database().query(sql, params, { rowMode: 'array' });
  for (const [name, id] of /** @type {[string, number][]} */ (rows)) variableIds.set(name, id);
}

/**
 * The id of each name, adding the names not seen before to mvi_variables.
 * @param {readonly string[]} names
 * @returns {Promise<number[]>}
 */
async function idsOf(names) {
  /** @type {Set<string> | undefined} */
  let fresh;
  for (const name of names) if (!variableIds.has(name)) (fresh ??= new Set()).add(name);
  if (fresh) {
    await database().query(ADD_VARIABLES, [[...fresh]]);
    await loadVariableIds(IDS_OF, [[...fresh]]);
  }
  return names.map((name) => /** @type {number} */ (variableIds.get(name)));
}

const writes = createWrites(database, idsOf);

/** @type {Record<string, (args: any) => Promise<unknown>>} */
const operations = {
  ...createReads(database, variableIds),
  insert: writes.insert,

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

  /** Opens `pgdata` (in memory when undefined), starting a new one from `template`; resolves to how many points of an earlier layout it moved. */
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
      loadDataDir: fresh ? await templateBlob(template) : undefined,
      startParams: [...PGlite.defaultStartParams, ...settings],
    });
    persistent = Boolean(pgdata);
    await db.exec(schema.create);
    const [first, second] = [(await db.query(FIRST_LAYOUT)).rows.length > 0, (await db.query(SECOND_LAYOUT)).rows.length > 0];
    // A folder of an earlier layout, a row per point: move its points into chunks, once.
    const moved = !(first || second) ? 0 : await db.transaction(async (tx) => {
      if (first) await tx.exec(`${schema.samples};\n${schema.migrate}`);
      return writes.migrateSamples(tx);
    });
    variableIds.clear();
    await loadVariableIds(VARIABLE_IDS);
    await writes.loadArrivals();
    if (ready && fresh) {
      await db.exec('CHECKPOINT');
      await writeFile(ready, '');
    }
    // Writes and large reads can wait a little; requests should not: on a core shared with the
    // thread that answers them, this one yields from now on (10 nice levels: a tenth of the time
    // when both want it, still ten times what writing takes at full load). Not before: the
    // first requests wait for the open, which should take the core it needs.
    lowerThreadPriority(10);
    return { moved };
  },

  /**
   * Deletes all but the newest `keep` points per variable, or every point at or before
   * `until`, and notes `now` as the last clean.
   * @param {{ keep?: number, until?: number, now: number }} args
   */
  async clean({ keep, until, now }) {
    const deleted = await writes.clean({ keep, until });
    // PGlite runs no autovacuum: reclaim the space and refresh the planner's statistics here.
    if (deleted > 0) await database().exec('VACUUM ANALYZE mvi_chunks');
    await database().query(NOTE_CLEAN, [now]);
    return deleted;
  },

  /** @param {{ now: number }} args */
  async lastClean({ now }) {
    await database().query(FIRST_CLEAN, [now]);
    const { rows } = await database().query(LAST_CLEAN, [], { rowMode: 'array' });
    return /** @type {[number][]} */ (rows)[0]?.[0];
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

answerCalls(operations, 'pglite-worker.js');
