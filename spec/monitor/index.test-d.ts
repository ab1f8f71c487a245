import { expectTypeOf, test } from 'vitest';
import {
  createMemoryStore,
  createPgliteStore,
  createPostgresStore,
  type MonitorData,
  type MonitorStore,
  type PgliteStore,
  type PgliteStoreOptions,
  type PostgresStore,
  type PostgresStoreOptions,
  type ReplicaCoordination,
} from '../../lib/monitor/index.ts';

test('the store factories give a MonitorStore', () => {
  expectTypeOf(createPgliteStore).parameter(0).toEqualTypeOf<PgliteStoreOptions | undefined>();
  expectTypeOf(createPgliteStore).returns.resolves.toEqualTypeOf<PgliteStore>();
  expectTypeOf<PgliteStore>().toMatchTypeOf<MonitorStore>();
  expectTypeOf<PgliteStore['ready']>().toEqualTypeOf<Promise<void>>();
  expectTypeOf(createMemoryStore).returns.toEqualTypeOf<MonitorStore>();
  expectTypeOf<MonitorStore['read']>().returns.resolves.toEqualTypeOf<MonitorData>();
  expectTypeOf(createPostgresStore).parameter(0).toEqualTypeOf<PostgresStoreOptions>();
  expectTypeOf(createPostgresStore).returns.resolves.toEqualTypeOf<PostgresStore>();
  expectTypeOf<PostgresStore>().toMatchTypeOf<MonitorStore>();
  // Only a store shared by replicas coordinates them.
  expectTypeOf<PostgresStore['replicas']>().toEqualTypeOf<ReplicaCoordination>();
  expectTypeOf<MonitorStore['replicas']>().toEqualTypeOf<ReplicaCoordination | undefined>();
});

test('the PostgreSQL store needs a server and a schema', () => {
  // @ts-expect-error a schema is required: one per service version
  void createPostgresStore({ url: 'postgres://localhost/mvi' });
});

test('points carry numbers or text, nothing else', () => {
  const store = createMemoryStore();
  store.write([{ variable: 'a', timestamp: 0, value: 1 }, { variable: 'b', timestamp: 0, value: 'text' }]);
  // @ts-expect-error a boolean is not a stored value: toStoredValue() turns it into JSON text first
  store.write([{ variable: 'c', timestamp: 0, value: true }]);
  // @ts-expect-error timestamps are milliseconds, not dates
  store.write([{ variable: 'd', timestamp: new Date(), value: 1 }]);
  // @ts-expect-error dataDir is a path
  void createPgliteStore({ dataDir: 1 });
});
