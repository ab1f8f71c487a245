import { readFileSync } from 'node:fs';

let version: string | undefined;

/** This package's version, from its package.json (the same place in lib/ and dist/), read at the first call. */
export function mviVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
