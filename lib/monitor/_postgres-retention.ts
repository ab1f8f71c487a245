import type { Sql } from 'postgres';
import type { RetentionLimit } from '../service/types.ts';
import { retentionCutoff } from './retention-cutoff.ts';

/**
 * Deletes what `retention` does not keep, over every replica's points, and notes `now` as the
 * last clean; one replica at a time (the retention job runs on one anyway), so that two cleans
 * never wait on each other's rows.
 */
export async function cleanSamples(sql: Sql, retention: RetentionLimit, now: number): Promise<number> {
  return sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(hashtext('mvi retention'), hashtext(current_schema()))`;
    // Rows: per variable, everything at or before its `limit`-th newest point goes.
    const result = retention.unit === 'rows'
      ? await tx`
        DELETE FROM mvi_samples s USING (
          SELECT v.id, cut.ts, cut.sample FROM mvi_variables v CROSS JOIN LATERAL (
            SELECT ts, id AS sample FROM mvi_samples WHERE variable_id = v.id ORDER BY ts DESC, id DESC OFFSET ${retention.limit} LIMIT 1
          ) cut
        ) oldest
        WHERE s.variable_id = oldest.id AND (s.ts, s.id) <= (oldest.ts, oldest.sample)`
      : await tx`DELETE FROM mvi_samples WHERE ts <= to_timestamp(${retentionCutoff(retention, now)}::float8 / 1000)`;
    await tx`
      INSERT INTO mvi_retention (last_clean) VALUES (to_timestamp(${now}::float8 / 1000))
      ON CONFLICT (singleton) DO UPDATE SET last_clean = excluded.last_clean`;
    return result.count;
  });
}

/** When retention last ran on any replica; a store it never ran on takes `now` as that time and keeps it. */
export async function lastCleanOf(sql: Sql, now: number): Promise<number> {
  await sql`INSERT INTO mvi_retention (last_clean) VALUES (to_timestamp(${now}::float8 / 1000)) ON CONFLICT (singleton) DO NOTHING`;
  const [row] = await sql<{ ms: number }[]>`SELECT round(date_part('epoch', last_clean) * 1000)::float8 AS ms FROM mvi_retention`;
  return row!.ms;
}
