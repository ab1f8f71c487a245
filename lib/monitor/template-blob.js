// @ts-check
// Plain JavaScript: the store's worker imports it, and a worker runs without a TypeScript loader.
import { readFile } from 'node:fs/promises';

/**
 * A PGlite template tarball (see pglite-template.ts) as the Blob `loadDataDir` takes, typed so
 * that PGlite gunzips the shipped `.tar.gz` at once instead of failing to untar it first.
 * @param {string} path
 * @returns {Promise<Blob>}
 */
export async function templateBlob(path) {
  return new Blob([await readFile(path)], { type: path.endsWith('.gz') ? 'application/gzip' : 'application/x-tar' });
}
