import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServiceLike } from '../service/types.ts';
import { isService } from '../service/description-of.ts';

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx']);
const RUNNABLE = new Set([...TYPESCRIPT, '.js', '.mjs', '.cjs']);
// What a project folder's service file is called when its package.json does not say.
const FOLDER_ENTRIES = ['service.ts', 'service.js', 'service.mts', 'service.mjs', 'index.ts', 'index.js', 'index.mts', 'index.mjs'];

// Node 20 runs no TypeScript: tsx compiles the user's files, and only theirs (mvi itself runs
// compiled). A .ts file in a CommonJS package (npm init's default) needs both of tsx's hooks. A
// .cts file gets only the require() hook: with the import hook registered too, Node 20's
// require() of an ES module (mvi) fails with "request ... is not in cache".
async function importTypeScript(file: string): Promise<unknown> {
  const cjs = await import('tsx/cjs/api');
  if (extname(file) === '.cts') {
    cjs.register();
    // Shaped like the namespace import() gives of a CommonJS module.
    return { default: createRequire(file)(file) as unknown };
  }
  const esm = await import('tsx/esm/api');
  esm.register();
  cjs.register();
  return import(pathToFileURL(file).href);
}

/** The file that holds a service: `target` itself, or the entry of a project folder. */
export function resolveServiceFile(target: string): string {
  const path = resolve(target);
  if (!existsSync(path)) throw new Error(`${target}: no such file or folder`);
  if (!statSync(path).isDirectory()) {
    if (!RUNNABLE.has(extname(path))) throw new Error(`${target}: not a service module (expected ${[...RUNNABLE].join(', ')})`);
    return path;
  }
  const manifest = join(path, 'package.json');
  const main = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { main?: unknown }).main : undefined;
  const candidates = typeof main === 'string' ? [main] : FOLDER_ENTRIES;
  const found = candidates.map((name) => join(path, name)).find((file) => existsSync(file) && statSync(file).isFile());
  if (!found) {
    throw new Error(
      typeof main === 'string'
        ? `${target}: its package.json names "${main}" as main, which does not exist`
        : `${target} is a folder without a service file: add one of ${FOLDER_ENTRIES.join(', ')}, or name it as "main" in its package.json`,
    );
  }
  return found;
}

/**
 * Imports a service module (TypeScript or JavaScript, ES module or CommonJS, or a project folder)
 * and finds its service: the default export, else the only exported one.
 */
export async function loadService(target: string): Promise<ServiceLike> {
  const file = resolveServiceFile(target);
  const shown = relative(process.cwd(), file) || file;
  const loaded = (TYPESCRIPT.has(extname(file)) ? await importTypeScript(file) : await import(pathToFileURL(file).href)) as Record<string, unknown>;
  // A CommonJS module's exports object arrives as the default export of its namespace
  // (`exports.default` when compiled from `export default`).
  const cjs = typeof loaded.default === 'object' && loaded.default !== null && !isService(loaded.default);
  const module = cjs ? { ...loaded, ...(loaded.default as Record<string, unknown>) } : loaded;
  if (isService(module.default)) return module.default;
  const services = Object.entries(module).filter(([, value]) => isService(value));
  if (services.length === 1) return services[0]![1] as ServiceLike;
  throw new Error(
    services.length === 0
      ? `${shown} exports no service: export the result of defineService(...) (as default, or as the only export)`
      : `${shown} exports several services (${services.map(([name]) => name).join(', ')}): export the one to run as default`,
  );
}
