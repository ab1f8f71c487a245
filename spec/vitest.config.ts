import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Specs import mvi by its package name, as users do; the `mvi-source` export condition points
// those imports at lib/ so tests run on the sources without a build.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolve: { conditions: ['mvi-source'] },
  test: { globalSetup: ['spec/_pglite-template.ts'] },
  ssr: { resolve: { conditions: ['mvi-source'] } },
});
