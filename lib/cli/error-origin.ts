import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// mvi's own modules: lib/ when run from the sources, dist/ when built (this file is in cli/ of either).
const MVI = resolve(fileURLToPath(new URL('..', import.meta.url)));

// `    at fn (/path/file.ts:3:41)` or `    at file:///path/file.mjs:3:41`.
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

const fileOf = (location: string): string | undefined => {
  // A URL of another host (`file://host/…`) is no path here; this runs while reporting an error, and must not throw.
  if (location.startsWith('file://')) return URL.canParse(location) && new URL(location).host === '' ? fileURLToPath(location) : undefined;
  // node:internal/…, <anonymous>, eval frames and the like are no file of the user's.
  return isAbsolute(location) ? location : undefined;
};

const isTheUsers = (file: string) => !file.startsWith(`${MVI}${sep}`) && !file.split(sep).includes('node_modules');

/**
 * Where in the user's own code `error` was thrown, as `svc/crash.ts:3:58` relative to `cwd`: the
 * first frame of its stack outside Node, mvi and node_modules, or undefined when none is.
 */
export function errorOrigin(error: Error, cwd = process.cwd()): string | undefined {
  for (const line of (error.stack ?? '').split('\n')) {
    const match = FRAME.exec(line);
    const file = match && fileOf(match[1]!);
    if (file && isTheUsers(file)) return `${relative(cwd, file) || file}:${match[2]}:${match[3]}`;
  }
  return undefined;
}
