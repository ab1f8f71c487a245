/**
 * The one table that holds every variable's points: numbers in `num`, text in `txt`.
 * Variable names are data, never SQL identifiers.
 */
export const CREATE_MONITOR_TABLE = `
CREATE TABLE IF NOT EXISTS mvi_points (
  id bigserial PRIMARY KEY,
  variable text NOT NULL,
  ts timestamptz(3) NOT NULL,
  num double precision,
  txt text,
  CHECK ((num IS NULL) <> (txt IS NULL))
);
CREATE INDEX IF NOT EXISTS mvi_points_variable_ts ON mvi_points (variable, ts, id);
CREATE INDEX IF NOT EXISTS mvi_points_ts ON mvi_points (ts);
`.trim();
