export { createMemoryStore } from './memory-store.ts';
export { createPgliteStore, type PgliteStore, type PgliteStoreOptions } from './pglite-store.ts';
export type * from './types.ts';
