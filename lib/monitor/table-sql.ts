/**
 * The table a dump restores into on any PostgreSQL server: every variable's points in one
 * table, numbers in `num`, text in `txt`. Variable names are data, never SQL identifiers.
 */
// `id` only orders points that share a timestamp (arrival order). No primary key: nothing
// reads by id, and its index cost a sixth of PGlite's insert rate. BRIN on `ts` serves age
// retention on append-ordered data for almost no write cost, where a B-tree cost another sixth.
export const CREATE_MONITOR_TABLE = `
CREATE TABLE IF NOT EXISTS mvi_points (
  id bigserial NOT NULL,
  variable text NOT NULL,
  ts timestamptz(3) NOT NULL,
  num double precision,
  txt text,
  CHECK ((num IS NULL) <> (txt IS NULL))
);
CREATE INDEX IF NOT EXISTS mvi_points_variable_ts ON mvi_points (variable, ts, id);
CREATE INDEX IF NOT EXISTS mvi_points_ts ON mvi_points USING brin (ts);
`.trim();

/**
 * The PGlite store's tables: the points of each write in chunks, a row per variable (see
 * chunk-codec.js), each naming its variable by a small number from `mvi_variables`; the
 * sequence that orders points of one millisecond across chunks; apart from them, the last
 * value of each parameter in `mvi_parameters`.
 */
// A chunk's times bound it (`first_ts`, `last_ts`), so that a read of a time range finds its
// chunks by the index without opening the others. Its bytes are deflated already: STORAGE
// EXTERNAL spares PostgreSQL's own compression, which cost more than all the rest of an insert.
export const CREATE_MONITOR_SCHEMA = `
CREATE TABLE IF NOT EXISTS mvi_variables (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS mvi_chunks (
  id bigserial PRIMARY KEY,
  variable_id integer NOT NULL,
  first_ts timestamptz(3) NOT NULL,
  last_ts timestamptz(3) NOT NULL,
  points integer NOT NULL,
  data bytea STORAGE EXTERNAL NOT NULL
);
CREATE INDEX IF NOT EXISTS mvi_chunks_variable_last ON mvi_chunks (variable_id, last_ts);
CREATE SEQUENCE IF NOT EXISTS mvi_arrivals;
CREATE TABLE IF NOT EXISTS mvi_parameters (
  name text PRIMARY KEY,
  value text NOT NULL
);
`.trim();

/** The table of points of the second layout, a row per point (`mvi_samples`), which a store opening such a folder moves into chunks. */
export const CREATE_SAMPLES_TABLE = `
CREATE TABLE IF NOT EXISTS mvi_samples (
  id bigserial NOT NULL,
  variable_id integer NOT NULL,
  ts timestamptz(3) NOT NULL,
  num double precision,
  txt text,
  CHECK ((num IS NULL) <> (txt IS NULL))
);
`.trim();

/** Moves the points of a table `mvi_points` of the first layout (the dump's) into `mvi_samples` of the second, and drops it. */
export const MIGRATE_MONITOR_TABLE = `
INSERT INTO mvi_variables (name) SELECT DISTINCT variable FROM mvi_points ORDER BY 1 ON CONFLICT (name) DO NOTHING;
INSERT INTO mvi_samples (variable_id, ts, num, txt)
  SELECT v.id, p.ts, p.num, p.txt FROM mvi_points p JOIN mvi_variables v ON v.name = p.variable ORDER BY p.ts, p.id;
DROP TABLE mvi_points;
`.trim();

/** When retention last ran, in one row: a service that restarts more often than it cleans still cleans on time. */
export const CREATE_RETENTION_TABLE = `
CREATE TABLE IF NOT EXISTS mvi_retention (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_clean timestamptz(3) NOT NULL
);
`.trim();
