import { createPostgresStore } from '../../lib/monitor/postgres-store.ts';
import { monitorStoreConformance } from './_conformance.ts';
import { TEST_DATABASE_URL, testSchemas } from './_postgres.ts';

const schema = testSchemas();

monitorStoreConformance('createPostgresStore()', () => createPostgresStore({ url: TEST_DATABASE_URL, schema: schema(), replicaId: 'conformance' }));
