export { createMemoryStore } from './memory-store.ts';
export { createPgliteStore, type PgliteStore, type PgliteStoreOptions } from './pglite-store.ts';
export { postgresSchemaOf } from './postgres-schema.ts';
export { createPostgresStore, type PostgresStore, type PostgresStoreOptions } from './postgres-store.ts';
export type * from './types.ts';
