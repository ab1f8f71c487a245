export { createMemoryStore } from './memory-store.ts';
export { createPgliteStore, type PgliteStoreOptions } from './pglite-store.ts';
export type * from './types.ts';
