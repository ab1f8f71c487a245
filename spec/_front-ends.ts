import { readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// Every front end is a folder lib/<name>/ with a vite.config.ts that builds into dist/<name>/.
function frontEnds(): string[] {
  return readdirSync(join(root, 'lib')).filter((name) => existsSync(join(root, 'lib', name, 'vite.config.ts')));
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

// Folders of lib/ that front ends bundle code from besides their own (the wire rules, the query
// builder): a change there is a change of every front end.
const SHARED = ['protocol', 'communication'];

/** Builds each front end whose sources changed since its last build (a stamp in its output folder). */
export async function buildFrontEnds(): Promise<void> {
  const { build } = await import('vite');
  // Vite builds for production only where NODE_ENV is unset or says so; vitest's global set-up
  // runs with NODE_ENV=test, which would ship the JSX dev runtime (18 KB more, slower).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const shared = Math.max(...SHARED.map((folder) => newestMtime(join(root, 'lib', folder))));
    for (const name of frontEnds()) {
      const stamp = join(root, 'dist', name, '.built');
      const sources = Math.max(shared, newestMtime(join(root, 'lib', name)));
      if (existsSync(stamp) && statSync(stamp).mtimeMs >= sources) continue;
      await build({ configFile: join(root, 'lib', name, 'vite.config.ts'), logLevel: 'warn' });
      writeFileSync(stamp, '');
    }
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
