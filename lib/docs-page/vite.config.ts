import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The service serves index.html at `{root}/docs` and every other file at `{root}/docs/{file}`:
// with a relative base and assets in `docs/`, the page's own references resolve under any root
// path and any prefix a gateway adds, without the server rewriting them.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../../dist/docs-page/', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'docs',
    // One entry, no chunks: the preload polyfill would be dead weight.
    modulePreload: false,
    reportCompressedSize: false,
  },
});
