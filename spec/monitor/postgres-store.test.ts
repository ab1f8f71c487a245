import { createPostgresStore } from '../../lib/monitor/postgres-store.ts';
import type { MonitorStore } from '../../lib/monitor/types.ts';
import { monitorStoreConformance } from './_conformance.ts';
import { TEST_DATABASE_URL, testSchemas } from './_postgres.ts';

const schemas = testSchemas();
const open = (schema: string, replicaId: string) => createPostgresStore({ url: TEST_DATABASE_URL, schema, replicaId });

monitorStoreConformance('createPostgresStore()', () => open(schemas(), 'conformance'), {
  replicas: async (): Promise<[MonitorStore, MonitorStore]> => {
    const schema = schemas();
    return [await open(schema, 'a'), await open(schema, 'b')];
  },
});
