/**
 * The one table that holds every variable's points: numbers in `num`, text in `txt`.
 * Variable names are data, never SQL identifiers.
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
