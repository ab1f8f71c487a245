import { createMemoryStore } from '../../lib/monitor/memory-store.ts';
import { monitorStoreConformance } from './_conformance.ts';

monitorStoreConformance('createMemoryStore()', async () => createMemoryStore());
