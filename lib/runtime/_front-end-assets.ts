import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { builtAssetsDir } from '../utilities/_built-assets.ts';
import { fastResponse } from './fast-response.ts';

/** The built files of a front end (`dist/<name>/`), read from disk once, when first asked for. */
export interface FrontEndAssets {
  /** The text of one of its pages (default `index.html`). */
  page(file?: string): string;
  /** The answer for the file `name` of its assets folder (gzipped when `acceptEncoding` allows), or undefined when there is no such file. */
  asset(name: string, acceptEncoding: string | null): Response | undefined;
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

interface CachedFile {
  readonly headers: Readonly<Record<string, string>>;
  readonly plain: Uint8Array;
  readonly gzip?: Uint8Array;
}

// Vite puts a content hash in every asset's name: a name always means the same bytes.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const acceptsGzip = (header: string | null) => header !== null && /\bgzip\b/i.test(header);

function load(path: string, name: string): CachedFile {
  const plain = readFileSync(path);
  const gzip = gzipSync(plain, { level: 9 });
  const headers = {
    'content-type': TYPES[extname(name)] ?? 'application/octet-stream',
    'cache-control': IMMUTABLE,
    'x-content-type-options': 'nosniff',
    vary: 'accept-encoding',
  };
  return { headers, plain, ...(gzip.byteLength < plain.byteLength ? { gzip } : {}) };
}

/**
 * The built front end `name`, whose assets sit in its sub-folder `assetsFolder`. Nothing is read
 * before the first request: a service that nobody asks for its docs starts no slower.
 */
export function frontEndAssets(name: string, assetsFolder: string): FrontEndAssets {
  const pages = new Map<string, string>();
  let names: ReadonlySet<string> | undefined;
  const files = new Map<string, CachedFile>();
  const dir = () => builtAssetsDir(name);
  return {
    page(file = 'index.html') {
      let text = pages.get(file);
      if (text === undefined) pages.set(file, (text = readFileSync(join(dir(), file), 'utf8')));
      return text;
    },
    asset(file, acceptEncoding) {
      // Only names the folder holds are looked up, so no path can lead out of it.
      names ??= new Set(readdirSync(join(dir(), assetsFolder)));
      if (!names.has(file)) return undefined;
      let cached = files.get(file);
      if (cached === undefined) {
        cached = load(join(dir(), assetsFolder, file), file);
        files.set(file, cached);
      }
      const gzip = cached.gzip !== undefined && acceptsGzip(acceptEncoding) ? cached.gzip : undefined;
      return gzip ? fastResponse(gzip, { ...cached.headers, 'content-encoding': 'gzip' }) : fastResponse(cached.plain, cached.headers);
    },
  };
}
