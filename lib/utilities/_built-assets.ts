import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The folder a front end (a `lib/<name>/` browser app bundled by Vite) is built into: `dist/<name>/`.
 * This module sits two levels below the package root both as `lib/utilities/_built-assets.ts` (the
 * repository) and as `dist/utilities/_built-assets.js` (the package), so one relative path serves both.
 */
export function builtAssetsDir(name: string): string {
  const dir = fileURLToPath(new URL(`../../dist/${name}/`, import.meta.url));
  if (!existsSync(dir)) throw new Error(`The ${name} front end is not built: run \`npm run build:front\` in the mvi repository (${dir} is missing)`);
  return dir;
}
