import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

// Specs import mvi by its package name, as users do; the `mvi-source` export condition points
// those imports at lib/ so tests run on the sources without a build.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolve: { conditions: ['mvi-source'] },
  // Many specs open PGlite or start processes: seconds on a loaded 2-core machine. Timeouts
  // catch hangs here, never slowness (speed is measured in bench/).
  // dist/ holds a built copy of the init template's spec after `npm run build`: not ours to run twice.
  test: { globalSetup: ['spec/_global-setup.ts'], testTimeout: 30_000, hookTimeout: 60_000, exclude: [...configDefaults.exclude, 'dist/**'] },
  ssr: { resolve: { conditions: ['mvi-source'] } },
});
