import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { MANAGER_ROUTES } from '../protocol/routes.ts';

// The dashboard as the manager serves it: its two pages (the app, the login) and hashed assets
// under one prefix, everything bundled (no request leaves the manager's origin).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: MANAGER_ROUTES.dashboardAssets,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/dashboard/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Every module stays an asset of its own origin: no inlined data: URLs for the CSP to allow.
    assetsInlineLimit: 0,
    // Every browser the dashboard is for preloads modules itself.
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { index: fileURLToPath(new URL('index.html', import.meta.url)), login: fileURLToPath(new URL('login.html', import.meta.url)) },
      // What several pages share is named so, not after whichever module came first.
      output: { chunkFileNames: 'assets/shared-[hash].js', assetFileNames: ({ names }) => `assets/${names.some((n) => n.startsWith('_')) ? 'shared' : '[name]'}-[hash][extname]` },
    },
  },
});
