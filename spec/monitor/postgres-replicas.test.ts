import postgres from 'postgres';
import { describe, expect, it, vi } from 'vitest';
import { createTables, insertSamples, openReplica } from '../../lib/monitor/_postgres-sql.ts';
import { createPostgresStore, type PostgresStore } from '../../lib/monitor/postgres-store.ts';
import { TEST_DATABASE_URL, testSchemas } from './_postgres.ts';

const T = Date.UTC(2026, 0, 1);
const schemas = testSchemas();
const open = (schema: string, replicaId: string) => createPostgresStore({ url: TEST_DATABASE_URL, schema, replicaId });
const replicasOf = async (count: number): Promise<PostgresStore[]> => {
  const schema = schemas();
  const stores: PostgresStore[] = [];
  for (let i = 0; i < count; i++) stores.push(await open(schema, `replica-${i}`));
  return stores;
};
const closeAll = (stores: PostgresStore[]) => Promise.all(stores.map((store) => store.close()));

describe('createPostgresStore() replicas: jobs', () => {
  it('lets one replica hold a job at a time, and the next take it over, with its last start, once the holder stops', async () => {
    const [a, b, c] = await replicasOf(3);
    try {
      expect(await a!.replicas.claimJob('tick')).toEqual({ taken: true, lastStart: undefined });
      await a!.replicas.noteJobStart('tick', T);
      expect(await b!.replicas.claimJob('tick')).toBeUndefined();
      expect(await c!.replicas.claimJob('tick')).toBeUndefined();
      expect(await a!.replicas.claimJob('tick')).toEqual({ taken: false, lastStart: undefined });
      // Another job is another lock.
      expect(await b!.replicas.claimJob('tock')).toEqual({ taken: true, lastStart: undefined });
      await a!.replicas.noteJobStart('tick', T + 1000);
      await a!.close();
      expect(await b!.replicas.claimJob('tick')).toEqual({ taken: true, lastStart: T + 1000 });
      expect(await c!.replicas.claimJob('tick')).toBeUndefined();
      expect(await b!.replicas.claimJob('tick')).toEqual({ taken: false, lastStart: undefined });
    } finally {
      await closeAll([a!, b!, c!]);
    }
  });

  it('takes a job again, as taken, once the connection that held its lock was lost', async () => {
    const schema = schemas();
    const [a, b] = [await open(schema, 'replica-a'), await open(schema, 'replica-b')];
    const sql = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      expect(await a.replicas.claimJob('tick')).toEqual({ taken: true, lastStart: undefined });
      await a.replicas.noteJobStart('tick', T);
      const [holder] = await sql<{ pid: number }[]>`
        SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = hashtext(${schema})::oid AND objid = hashtext('tick')::oid`;
      await sql`SELECT pg_terminate_backend(${holder!.pid}::int, 5000)`;
      // The client may first answer with the lost connection's error: a skipped tick.
      await vi.waitFor(async () => expect(await a.replicas.claimJob('tick')).toEqual({ taken: true, lastStart: T }), { timeout: 5000, interval: 50 });
      expect(await b.replicas.claimJob('tick')).toBeUndefined();
      expect(await a.replicas.claimJob('tick')).toEqual({ taken: false, lastStart: undefined });
    } finally {
      await Promise.all([closeAll([a, b]), sql.end()]);
    }
  });

  it('keeps the jobs of other service versions apart, though their names are the same', async () => {
    const [a] = await replicasOf(1);
    const [other] = await replicasOf(1);
    try {
      expect(await a!.replicas.claimJob('tick')).toMatchObject({ taken: true });
      expect(await other!.replicas.claimJob('tick')).toMatchObject({ taken: true });
    } finally {
      await closeAll([a!, other!]);
    }
  });
});

describe('createPostgresStore() replicas: parameters', () => {
  it('hands a value one replica saves to every other within a second, in the order saved, and not back to the one that saved it', async () => {
    const stores = await replicasOf(3);
    const heard = stores.map(() => [] as string[]);
    stores.forEach((store, i) => store.replicas.onParameter((name, value) => heard[i]!.push(`${name}=${value}`)));
    try {
      // Listening has begun once the kept values can be read.
      await Promise.all(stores.map((store) => store.loadParameters()));
      const saved = performance.now();
      stores[0]!.saveParameter('threshold', '1');
      stores[0]!.saveParameter('labels', '["a"]');
      await vi.waitFor(() => expect(heard.slice(1)).toEqual([['threshold=1', 'labels=["a"]'], ['threshold=1', 'labels=["a"]']]), { timeout: 1000, interval: 10 });
      expect(performance.now() - saved).toBeLessThan(1000);
      await stores[0]!.flush();
      stores[1]!.saveParameter('threshold', '2');
      await vi.waitFor(() => expect([heard[0]!.at(-1), heard[2]!.at(-1)]).toEqual(['threshold=2', 'threshold=2']), { timeout: 1000, interval: 10 });
      expect(heard[0]).toEqual(['threshold=2']);
      expect(heard[1]).toEqual(['threshold=1', 'labels=["a"]']);
    } finally {
      await closeAll(stores);
    }
  });

  it('ends every replica on the value saved last when replicas save at the same time', async () => {
    const stores = await replicasOf(3);
    const latest = stores.map(() => new Map<string, string>());
    stores.forEach((store, i) => store.replicas.onParameter((name, value) => latest[i]!.set(name, value)));
    try {
      await Promise.all(stores.map((store) => store.loadParameters()));
      for (let round = 0; round < 20; round++) stores.forEach((store, i) => store.saveParameter('level', `${i}:${round}`));
      stores.forEach((store, i) => latest[i]!.set('level', `${i}:19`)); // what each holds itself
      // Each replica's saves are written once it reads the kept values; then one is kept.
      await Promise.all(stores.map((store) => store.loadParameters()));
      const kept = (await stores[0]!.loadParameters()).level;
      await vi.waitFor(() => expect(latest.map((values) => values.get('level'))).toEqual([kept, kept, kept]), { timeout: 2000, interval: 20 });
    } finally {
      await closeAll(stores);
    }
  });
});

describe('createPostgresStore() replicas: writes', () => {
  const inSchema = (schema: string) => postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {}, connection: { search_path: schema } });

  it('tags every point with the replica that wrote it', async () => {
    const schema = schemas();
    const stores = [await open(schema, 'replica-a'), await open(schema, 'replica-b')];
    try {
      stores[0]!.write([{ variable: 'x', timestamp: T, value: 1 }]);
      stores[1]!.write([{ variable: 'x', timestamp: T + 1, value: 2 }, { variable: 'y', timestamp: T + 2, value: 'b' }]);
      await Promise.all(stores.map((store) => store.flush()));
    } finally {
      await closeAll(stores);
    }
    const sql = inSchema(schema);
    try {
      const rows = await sql`SELECT variable, replica FROM mvi_points ORDER BY ts, id`;
      expect(rows.map((row) => `${row.variable} ${row.replica}`)).toEqual(['x replica-a', 'x replica-b', 'y replica-b']);
    } finally {
      await sql.end();
    }
  });

  it('writes a batch sent again after its answer was lost once, with the points behind it', async () => {
    const schema = schemas();
    const sql = inSchema(schema);
    try {
      await createTables(sql, schema);
      const replica = await openReplica(sql, 'retrying');
      const batch = (from: number, to: number) => ({
        variableIds: Array.from({ length: to - from }, () => 1),
        timestamps: Array.from({ length: to - from }, (_, i) => T + from + i),
        nums: Array.from({ length: to - from }, (_, i) => from + i),
        txts: Array.from({ length: to - from }, () => null),
        offset: from,
      });
      await insertSamples(sql, replica, batch(0, 10));
      await insertSamples(sql, replica, batch(0, 10));
      await insertSamples(sql, replica, batch(0, 15));
      await insertSamples(sql, replica, batch(15, 20));
      const rows = await sql<{ num: number }[]>`SELECT num FROM mvi_samples ORDER BY ts, id`;
      expect(rows.map((row) => row.num)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    } finally {
      await sql.end();
    }
  });

  it('writes a batch sent again while the server still commits its first attempt once', async () => {
    const schema = schemas();
    const sql = inSchema(schema);
    const first = inSchema(schema);
    const watch = inSchema(schema);
    try {
      await createTables(sql, schema);
      const replica = await openReplica(sql, 'retrying');
      let commit!: () => void;
      const committing = new Promise<void>((resolve) => (commit = resolve));
      let attempted!: (pid: number) => void;
      const inserted = new Promise<number>((resolve) => (attempted = resolve));
      // The first attempt has copied its points and moved the count, and not committed yet.
      const firstAttempt = first.begin(async (tx) => {
        const [{ pid }] = await tx<[{ pid: number }]>`SELECT pg_backend_pid() AS pid`;
        await tx`INSERT INTO mvi_samples (variable_id, ts, num, replica_id) SELECT 1, to_timestamp(${T}::float8 / 1000 + i), i, ${replica} FROM generate_series(0, 9) i`;
        await tx`UPDATE mvi_replicas SET written = 10 WHERE id = ${replica}`;
        attempted(pid);
        await committing;
      });
      const firstPid = await inserted;
      const retry = insertSamples(sql, replica, {
        variableIds: Array.from({ length: 10 }, () => 1),
        timestamps: Array.from({ length: 10 }, (_, i) => T + i * 1000),
        nums: Array.from({ length: 10 }, (_, i) => i),
        txts: Array.from({ length: 10 }, () => null),
        offset: 0,
      });
      // The retry comes to wait for the first attempt (its lock on the count) before that commits.
      await vi.waitFor(async () => {
        const [row] = await watch<{ waiting: number }[]>`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE ${firstPid}::int = ANY(pg_blocking_pids(pid))`;
        expect(row!.waiting).toBe(1);
      }, { timeout: 5000, interval: 20 });
      commit();
      await Promise.all([firstAttempt, retry]);
      const rows = await sql<{ num: number }[]>`SELECT num FROM mvi_samples ORDER BY ts, id`;
      expect(rows.map((row) => row.num)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    } finally {
      await Promise.all([sql.end(), first.end(), watch.end()]);
    }
  });
});
