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
 * The PGlite store's tables: all points in one table that names its variable by a small
 * number from `mvi_variables`, and the view `mvi_points` that reads as the dump's table does;
 * apart from them, the last value of each parameter in `mvi_parameters`.
 */
// A B-tree on (variable_id, ts, id) costs a fifth less per insert than one on (variable, ts,
// id): four bytes instead of a name. Leaving `id` out saved a little more but made reads sort.
export const CREATE_MONITOR_SCHEMA = `
CREATE TABLE IF NOT EXISTS mvi_variables (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS mvi_samples (
  id bigserial NOT NULL,
  variable_id integer NOT NULL,
  ts timestamptz(3) NOT NULL,
  num double precision,
  txt text,
  CHECK ((num IS NULL) <> (txt IS NULL))
);
CREATE INDEX IF NOT EXISTS mvi_samples_variable_ts ON mvi_samples (variable_id, ts, id);
CREATE INDEX IF NOT EXISTS mvi_samples_ts ON mvi_samples USING brin (ts);
CREATE TABLE IF NOT EXISTS mvi_parameters (
  name text PRIMARY KEY,
  value text NOT NULL
);
`.trim();

/** Moves the points of a table `mvi_points` of the first layout (the dump's) into the new tables, and drops it. */
export const MIGRATE_MONITOR_TABLE = `
INSERT INTO mvi_variables (name) SELECT DISTINCT variable FROM mvi_points ORDER BY 1 ON CONFLICT (name) DO NOTHING;
INSERT INTO mvi_samples (variable_id, ts, num, txt)
  SELECT v.id, p.ts, p.num, p.txt FROM mvi_points p JOIN mvi_variables v ON v.name = p.variable ORDER BY p.ts, p.id;
DROP TABLE mvi_points;
`.trim();

/** The view that shows the PGlite store's points in the dump's columns. */
export const CREATE_MONITOR_VIEW = `
CREATE OR REPLACE VIEW mvi_points AS
  SELECT s.id, v.name AS variable, s.ts, s.num, s.txt FROM mvi_samples s JOIN mvi_variables v ON v.id = s.variable_id;
`.trim();

/** When retention last ran, in one row: a service that restarts more often than it cleans still cleans on time. */
export const CREATE_RETENTION_TABLE = `
CREATE TABLE IF NOT EXISTS mvi_retention (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_clean timestamptz(3) NOT NULL
);
`.trim();
