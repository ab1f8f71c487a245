// Opens a PGlite store on the folder in argv[2] in its own process, stores three points,
// prints `ready`, and holds the store until it is killed.
import { createPgliteStore } from '../../lib/monitor/pglite-store.ts';

const store = await createPgliteStore({ dataDir: process.argv[2] });
store.write([0, 1, 2].map((i) => ({ variable: 'held', timestamp: Date.UTC(2026, 0, 1) + i, value: i })));
await store.flush();
console.log('ready');
setInterval(() => {}, 60_000);
