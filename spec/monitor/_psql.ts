import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { StoredValue } from '../../lib/monitor/types.ts';

const run = promisify(execFile);

/** The PostgreSQL server the dump tests restore into (trust auth). */
const SERVER = ['-h', '127.0.0.1', '-p', '5432', '-U', 'postgres', '-d', 'test', '-v', 'ON_ERROR_STOP=1', '-X', '-q'];

/** A row of `mvi_points` as restored: variable, ms since the epoch, value. */
export type RestoredRow = [variable: string, timestamp: number, value: StoredValue];

function assertPsql(): void {
  const probe = spawnSync('psql', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(`psql is not installed or does not run (${probe.error?.message ?? probe.stderr}); the dump tests need it to restore into PostgreSQL`);
  }
}

/**
 * Runs `script` with psql in a scratch schema of the local PostgreSQL server and resolves to
 * the rows of `mvi_points` there, ordered by time then arrival; the schema is dropped after.
 */
export async function restoreWithPsql(script: string): Promise<RestoredRow[]> {
  assertPsql();
  const schema = `mvi_dump_${randomUUID().replace(/-/g, '')}`;
  const dir = await mkdtemp(join(tmpdir(), 'mvi-dump-'));
  const file = join(dir, 'dump.sql');
  await writeFile(file, script);
  // The dump names its table without a schema, as a user restores it: the search path decides.
  const env = { ...process.env, PGOPTIONS: `-c search_path=${schema}` };
  try {
    await run('psql', [...SERVER, '-c', `CREATE SCHEMA ${schema}`]);
    await run('psql', [...SERVER, '-f', file], { env });
    const { stdout } = await run(
      'psql',
      [
        ...SERVER,
        '-At',
        '-c',
        `SELECT coalesce(json_agg(json_build_array(variable, (extract(epoch FROM ts) * 1000)::bigint, num, txt) ORDER BY ts, id), '[]') FROM mvi_points`,
      ],
      { env, maxBuffer: 1 << 28 },
    );
    const rows = JSON.parse(stdout) as [string, number, number | string | null, string | null][];
    // float8 NaN and ±Infinity come out of PostgreSQL's JSON as strings.
    return rows.map(([variable, ts, num, txt]): RestoredRow => [variable, ts, num === null ? txt! : Number(num)]);
  } finally {
    await run('psql', [...SERVER, '-c', `DROP SCHEMA IF EXISTS ${schema} CASCADE`]).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}
