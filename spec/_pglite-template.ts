import { pgliteTemplate } from '../lib/monitor/pglite-template.ts';

// vitest's global set-up: a clean clone makes the PGlite template (seconds of initdb) once,
// before any test opens a store, instead of inside the first test that happens to need it.
export default async function setup(): Promise<void> {
  await pgliteTemplate();
}
