import { pgliteTemplate } from '../lib/monitor/pglite-template.ts';
import { buildFrontEnds } from './_front-ends.ts';

// vitest's global set-up: a clean clone makes the PGlite template (seconds of initdb) once,
// before any test opens a store, instead of inside the first test that happens to need it, and
// builds the front ends (dist/<name>/) that services and the manager serve.
export default async function setup(): Promise<void> {
  await pgliteTemplate();
  await buildFrontEnds();
}
