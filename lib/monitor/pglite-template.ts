import { consola } from 'consola';
import { createHash } from 'node:crypto';
import { access, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { startWorkerRpc } from './worker-rpc.ts';

/** The worker file that runs PGlite off the calling thread. */
export const PGLITE_WORKER_URL = new URL('./pglite-worker.js', import.meta.url);

// How a template is made. One database and 1 MB WAL segments make a third of initdb's
// 40 MB, and every new store unpacks it into its folder: the smaller, the faster the start.
const RECIPE = {
  initdbArgs: ['--wal-segsize=1'],
  statements: [
    'ALTER DATABASE template0 WITH ALLOW_CONNECTIONS false IS_TEMPLATE false',
    'DROP DATABASE template0',
    'ALTER DATABASE template1 WITH IS_TEMPLATE false',
    'DROP DATABASE template1',
    'CHECKPOINT',
  ],
};

// Where the template of this PGlite version and recipe is: the one the package ships beside this
// module, made at build time (no initdb on a user's machine, unless they run a PGlite version
// other than the one it was made with), and the caches it is made into otherwise.
function templatePaths(): { readonly shipped: string; readonly cached: string[] } {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@electric-sql/pglite');
  const { version } = require(join(dirname(entry), '..', 'package.json')) as { version: string };
  const marker = `${sep}node_modules${sep}`;
  const nodeModules = entry.includes(marker) ? entry.slice(0, entry.indexOf(marker) + marker.length - 1) : undefined;
  const key = createHash('sha256').update(JSON.stringify(RECIPE)).digest('hex').slice(0, 12);
  const name = `pglite-${version}-template-${key}.tar`;
  const cacheDirs = [...(nodeModules ? [join(nodeModules, '.cache', 'mvi')] : []), join(tmpdir(), `mvi-cache-${process.getuid?.() ?? 'user'}`)];
  return {
    shipped: fileURLToPath(new URL(`./${name}.gz`, import.meta.url)),
    cached: cacheDirs.map((dir) => join(dir, name)),
  };
}

/** A tarball of a new PGlite data folder, made by initdb in a worker thread that ends with it. */
export async function makePgliteTemplate(): Promise<Uint8Array> {
  const rpc = startWorkerRpc(PGLITE_WORKER_URL, 'PGlite template builder');
  try {
    return await rpc.call<Uint8Array>('template', RECIPE);
  } finally {
    await rpc.terminate();
  }
}

async function build(paths: string[]): Promise<string> {
  // Seconds of silence on a first start would look like a hang.
  consola.info('Preparing the embedded monitoring database (once per machine; it takes a few seconds)');
  const tarball = await makePgliteTemplate();
  const failures: string[] = [];
  for (const path of paths) {
    const draft = `${path}.${process.pid}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeFile(draft, tarball);
      // A rename is atomic: concurrent builders each publish a whole file, never half of one.
      await rename(draft, path);
      return path;
    } catch (error) {
      await unlink(draft).catch(() => {});
      failures.push(`${path}: ${(error as Error).message}`);
    }
  }
  throw new Error(`Could not cache the PGlite template anywhere:\n${failures.join('\n')}`);
}

async function findOrBuild(): Promise<string> {
  const { shipped, cached } = templatePaths();
  for (const path of [shipped, ...cached]) {
    if (await access(path).then(() => true, () => false)) return path;
  }
  return build(cached);
}

/** Writes the template that the package ships (gzipped: 2.5 MB instead of 16) beside this module; run by `npm run build`. */
export async function shipPgliteTemplate(): Promise<string> {
  const { shipped } = templatePaths();
  // The machine's cached template, when there is one, is the same bytes: spare the initdb.
  const source = await pgliteTemplate();
  if (source === shipped) return shipped;
  const tarball = await readFile(source);
  await writeFile(shipped, await promisify(gzip)(tarball, { level: 9 }));
  return shipped;
}

let template: Promise<string> | undefined;

/**
 * The path of a tarball of a new PGlite data folder: the one the package ships, else one made
 * once per PGlite version (initdb takes seconds and ~800 MB) and cached in
 * `node_modules/.cache/mvi/`, or in the OS temporary folder when that cannot be written.
 */
export function pgliteTemplate(): Promise<string> {
  template ??= findOrBuild().catch((error: unknown) => {
    template = undefined;
    throw error;
  });
  return template;
}
