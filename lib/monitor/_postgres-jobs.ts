import type { Sql } from 'postgres';
import type { JobClaim } from './types.ts';

/** The jobs one replica of a version runs: each held through a session-level advisory lock. */
export interface PostgresJobLocks {
  /** Takes job `name` or confirms it is still held; undefined while another replica holds it. */
  claim(name: string): Promise<JobClaim | undefined>;
  /** Notes when a run of job `name` starts, for a replica that takes it over. */
  noteStart(name: string, at: number): Promise<void>;
  /** Gives every job up (the next replica to claim one takes it). */
  close(): Promise<void>;
}

/**
 * Job locks on a connection of their own (`connect()`, opened at the first claim): a lock lasts
 * as long as the session that took it, so a replica that dies gives its jobs up as soon as the
 * server sees its connection close. Keys are the schema (the service version) and the job name.
 */
export function createJobLocks(sql: Sql, connect: () => Sql, schema: string): PostgresJobLocks {
  let locks: Sql | undefined;
  let session: number | undefined;
  const held = new Set<string>();

  return {
    async claim(name) {
      locks ??= connect();
      // Session locks are re-entrant: the session that holds the lock takes it again (one more
      // hold, released with the rest when the session ends), so one query tells whether the lock
      // is ours, and the backend's pid whether it is still the session that took the others: a
      // new one, after a lost connection, holds none of them.
      const [row] = await locks<{ taken: boolean; pid: number }[]>`
        SELECT pg_try_advisory_lock(hashtext(${schema}), hashtext(${name})) AS taken, pg_backend_pid() AS pid`;
      if (row!.pid !== session) held.clear();
      session = row!.pid;
      if (!row!.taken) return undefined;
      if (held.has(name)) return { taken: false, lastStart: undefined };
      held.add(name);
      const [last] = await sql<{ ms: number }[]>`SELECT round(date_part('epoch', last_start) * 1000)::float8 AS ms FROM mvi_jobs WHERE name = ${name}`;
      return { taken: true, lastStart: last?.ms };
    },
    async noteStart(name, at) {
      await sql`
        INSERT INTO mvi_jobs (name, last_start) VALUES (${name}, to_timestamp(${at}::float8 / 1000))
        ON CONFLICT (name) DO UPDATE SET last_start = excluded.last_start`;
    },
    async close() {
      held.clear();
      await locks?.end({ timeout: 5 });
    },
  };
}
