import { finished } from 'node:stream/promises';
import type { Sql } from 'postgres';
import { toCopyBinary, type CopyColumns } from './_copy-binary.ts';
import { CREATE_RETENTION_TABLE } from './table-sql.ts';

/**
 * The PostgreSQL store's tables, in the schema of one service version (the connections' search
 * path): the points of every replica in `mvi_samples`, each tagged with the opening of a store
 * that wrote it (`mvi_replicas`: the replica's id, and how many of its points are written, which
 * makes a retried batch idempotent), the names of the variables, the kept parameters with the
 * order they were saved in, when each job last started, and when retention last ran.
 */
// As in the PGlite store: no primary key on samples (nothing reads by id), a B-tree that reads
// walk in order, BRIN for age retention. `id` orders points of one millisecond by arrival.
// Constant text: run through the simple protocol, several statements at once.
export const CREATE_POSTGRES_TABLES = `
CREATE TABLE IF NOT EXISTS mvi_variables (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS mvi_replicas (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  replica text NOT NULL,
  opened timestamptz NOT NULL DEFAULT now(),
  written bigint NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS mvi_samples (
  id bigserial NOT NULL,
  variable_id integer NOT NULL,
  ts timestamptz(3) NOT NULL,
  num double precision,
  txt text,
  replica_id integer NOT NULL,
  CHECK ((num IS NULL) <> (txt IS NULL))
);
CREATE INDEX IF NOT EXISTS mvi_samples_variable_ts ON mvi_samples (variable_id, ts, id);
CREATE INDEX IF NOT EXISTS mvi_samples_ts ON mvi_samples USING brin (ts);
CREATE SEQUENCE IF NOT EXISTS mvi_parameter_versions;
CREATE TABLE IF NOT EXISTS mvi_parameters (
  name text PRIMARY KEY,
  value text NOT NULL,
  version bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS mvi_jobs (
  name text PRIMARY KEY,
  last_start timestamptz(3) NOT NULL
);
${CREATE_RETENTION_TABLE}
CREATE OR REPLACE VIEW mvi_points AS
  SELECT s.id, v.name AS variable, s.ts, s.num, s.txt, r.replica
  FROM mvi_samples s JOIN mvi_variables v ON v.id = s.variable_id JOIN mvi_replicas r ON r.id = s.replica_id;
`.trim();

/** Creates the schema and its tables once, whichever replicas start at the same time. */
export async function createTables(sql: Sql, schema: string): Promise<void> {
  await sql.begin(async (tx) => {
    // Concurrent CREATE ... IF NOT EXISTS can still collide in the catalog: one replica at a time.
    await tx`SELECT pg_advisory_xact_lock(hashtext('mvi schema'), hashtext(${schema}))`;
    await tx`CREATE SCHEMA IF NOT EXISTS ${tx(schema)}`;
    await tx.unsafe(CREATE_POSTGRES_TABLES);
  });
}

/** Registers this opening of a store under `replica` and resolves to the id its points carry. */
export async function openReplica(sql: Sql, replica: string): Promise<number> {
  const [row] = await sql<{ id: number }[]>`INSERT INTO mvi_replicas (replica) VALUES (${replica}) RETURNING id`;
  return row!.id;
}

/** The id of each of `names`, adding those not stored yet; several replicas may add one name at once. */
export async function variableIds(sql: Sql, names: readonly string[]): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  await sql`INSERT INTO mvi_variables (name) SELECT unnest(${names as string[]}::text[]) ON CONFLICT (name) DO NOTHING`;
  for (const { name, id } of await sql<{ name: string; id: number }[]>`SELECT name, id FROM mvi_variables WHERE name = ANY(${names as string[]}::text[])`) {
    ids.set(name, id);
  }
  return ids;
}

/** Columns of one batch, `offset` the number of points the replica wrote before it. */
export interface SampleBatch extends CopyColumns {
  readonly offset: number;
}

// Rolls back the copy of a batch that does not start where the replica's count stands.
class CountMoved extends Error {}

/** Copies the batch's points from `skip` on and moves the count past them if it still stands at `written`; false, with nothing copied, if not. */
async function copyFrom(sql: Sql, replicaId: number, batch: SampleBatch, skip: number, written: number): Promise<boolean> {
  const end = batch.offset + batch.variableIds.length;
  try {
    await sql.begin(async (tx) => {
      const copy = await tx`COPY mvi_samples (variable_id, ts, num, txt, replica_id) FROM STDIN (FORMAT binary)`.writable();
      await finished(copy.end(toCopyBinary(batch, replicaId, skip)));
      const moved = await tx`UPDATE mvi_replicas SET written = ${end}::int8 WHERE id = ${replicaId} AND written = ${written}::int8`;
      if (moved.count === 0) throw new CountMoved();
    });
    return true;
  } catch (error) {
    if (error instanceof CountMoved) return false;
    throw error;
  }
}

/**
 * Copies a batch in and moves the replica's count of written points past it, in one
 * transaction. A batch sent again after its answer was lost skips the points its first attempt
 * committed: only this opening of a store writes its replica row.
 */
export async function insertSamples(sql: Sql, replicaId: number, batch: SampleBatch): Promise<void> {
  // The count stands where the batch starts unless an earlier attempt of it committed: it is read
  // only when the guarded update finds it elsewhere, after waiting for an attempt still committing.
  let written = batch.offset;
  while (written - batch.offset < batch.variableIds.length) {
    if (await copyFrom(sql, replicaId, batch, Math.max(0, written - batch.offset), written)) return;
    const [row] = await sql<{ written: string }[]>`SELECT written FROM mvi_replicas WHERE id = ${replicaId}`;
    written = Number(row!.written);
  }
}
