import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import type { StoredValue } from '../../lib/monitor/types.ts';

const run = promisify(execFile);

/** The PostgreSQL server the dump tests restore into (trust auth). */
const SERVER = ['-h', '127.0.0.1', '-p', '5432', '-U', 'postgres', '-d', 'test', '-v', 'ON_ERROR_STOP=1', '-X', '-q'];

/** A row of `mvi_points` as restored: variable, ms since the epoch, value. */
export type RestoredRow = [variable: string, timestamp: number, value: StoredValue];

/** Whether psql is installed and reaches the local server (CI's machines have both; a laptop may not). */
const psqlReady = (): boolean => spawnSync('psql', [...SERVER, '-c', 'SELECT 1'], { encoding: 'utf8', timeout: 10_000 }).status === 0;

const ROWS = `SELECT coalesce(json_agg(json_build_array(variable, (extract(epoch FROM ts) * 1000)::bigint, num, txt) ORDER BY ts, id), '[]')::text FROM mvi_points`;

// float8 NaN and ±Infinity come out of PostgreSQL's JSON as strings.
const toRows = (json: string): RestoredRow[] =>
  (JSON.parse(json) as [string, number, number | string | null, string | null][]).map(([variable, ts, num, txt]) => [variable, ts, num === null ? txt! : Number(num)]);

/**
 * Restores `script` as a user would, with psql into the local PostgreSQL server, and resolves
 * to the rows of `mvi_points` there, ordered by time then arrival. Without psql or a server it
 * restores into a fresh PGlite, which is PostgreSQL too: its statements run as they are, and
 * the COPY's data goes in through PGlite's blob device, since it has no standard input.
 */
export async function restoreDump(script: string): Promise<RestoredRow[]> {
  return psqlReady() ? restoreWithPsql(script) : restoreWithPglite(script);
}

/** Restores `script` into a fresh in-memory PGlite and resolves to its rows, as {@link restoreDump} does without psql. */
export async function restoreWithPglite(script: string): Promise<RestoredRow[]> {
  const copy = /^(COPY [^\n]+) FROM stdin;\n([\s\S]*?)^\\\.\n/m.exec(script);
  if (!copy) throw new Error('The dump has no COPY ... FROM stdin block');
  const db = await PGlite.create();
  try {
    await db.exec(script.slice(0, copy.index));
    await db.query(`${copy[1]} FROM '/dev/blob'`, [], { blob: new Blob([copy[2]!]) });
    await db.exec(script.slice(copy.index + copy[0].length));
    const { rows } = await db.query<[string]>(ROWS, [], { rowMode: 'array' });
    return toRows(rows[0]![0]);
  } finally {
    await db.close();
  }
}

/**
 * Runs `script` with psql in a scratch schema of the local PostgreSQL server and resolves to
 * the rows of `mvi_points` there, ordered by time then arrival; the schema is dropped after.
 */
async function restoreWithPsql(script: string): Promise<RestoredRow[]> {
  const schema = `mvi_dump_${randomUUID().replace(/-/g, '')}`;
  const dir = await mkdtemp(join(tmpdir(), 'mvi-dump-'));
  const file = join(dir, 'dump.sql');
  await writeFile(file, script);
  // The dump names its table without a schema, as a user restores it: the search path decides.
  const env = { ...process.env, PGOPTIONS: `-c search_path=${schema}` };
  try {
    await run('psql', [...SERVER, '-c', `CREATE SCHEMA ${schema}`]);
    await run('psql', [...SERVER, '-f', file], { env });
    const { stdout } = await run('psql', [...SERVER, '-At', '-c', ROWS], { env, maxBuffer: 1 << 28 });
    return toRows(stdout);
  } finally {
    await run('psql', [...SERVER, '-c', `DROP SCHEMA IF EXISTS ${schema} CASCADE`]).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}
