import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The argument list that runs `mvi start {target}` with this very package: dist/cli/main.js when
 * mvi runs built (installed), lib/cli/main.ts through tsx with the `mvi-source` condition when
 * it runs from its sources (this repository, its tests).
 */
export function mviStartCommand(target: string): string[] {
  const fromSources = import.meta.url.endsWith('.ts');
  const main = fileURLToPath(new URL(`../../cli/main.${fromSources ? 'ts' : 'js'}`, import.meta.url));
  if (!fromSources) return [process.execPath, main, 'start', target];
  // By absolute URL: `--import tsx` would be resolved from the service's folder, which has no tsx.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return [process.execPath, '--conditions=mvi-source', '--import', tsx, main, 'start', target];
}
