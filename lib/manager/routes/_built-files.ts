import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

/** One built file, held in memory with its compressed copy. */
export interface BuiltFile {
  readonly body: Uint8Array;
  /** The gzip of `body`, where that is smaller by enough to matter. */
  readonly gzip: Uint8Array | undefined;
  readonly type: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json']);
const compress = promisify(gzip);

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  // Dotfiles (the build's stamp) are the build's own business.
  return entries.filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => join(entry.parentPath, entry.name));
}

/** Every file of a front end's build folder by its path inside it (`assets/index-x.js`), compressed once here rather than per request. */
export async function loadBuiltFiles(dir: string): Promise<ReadonlyMap<string, BuiltFile>> {
  const files = new Map<string, BuiltFile>();
  for (const path of await filesUnder(dir)) {
    const ext = extname(path);
    const body = new Uint8Array(await readFile(path));
    const packed = COMPRESSIBLE.has(ext) && body.length > 1024 ? new Uint8Array(await compress(body, { level: 9 })) : undefined;
    files.set(relative(dir, path).split(sep).join('/'), {
      body,
      gzip: packed && packed.length < body.length * 0.9 ? packed : undefined,
      type: TYPES[ext] ?? 'application/octet-stream',
    });
  }
  return files;
}

/** The body and headers to send `file` with: gzipped when the client accepts it. */
export function builtFileAnswer(file: BuiltFile, acceptEncoding: string | null): { readonly body: Uint8Array; readonly headers: Record<string, string> } {
  const packed = /\bgzip\b/i.test(acceptEncoding ?? '') ? file.gzip : undefined;
  const headers: Record<string, string> = { 'content-type': file.type, 'x-content-type-options': 'nosniff' };
  if (file.gzip) headers.vary = 'accept-encoding';
  if (packed) headers['content-encoding'] = 'gzip';
  return { body: packed ?? file.body, headers };
}
