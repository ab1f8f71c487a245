import { defineCommand } from 'citty';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { say } from '../cli-logger.ts';
import { UserError } from '../user-error.ts';

// The project's files: lib/cli/project-template/, copied to dist/cli/project-template/ by the build (npm would drop a file named .gitignore).
const TEMPLATE = fileURLToPath(new URL('../project-template/', import.meta.url));
const PLACEHOLDER = 'my_service';

interface Manifest {
  readonly version: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}

// The versions the project asks for are the ones this mvi was made and tested with.
function packageJson(projectName: string): string {
  const mvi = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as Manifest;
  const project = {
    name: projectName,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: { start: 'mvi start service.ts', dev: 'mvi dev service.ts', test: 'tsc && vitest run' },
    dependencies: { mvi: `^${mvi.version}`, valibot: mvi.dependencies.valibot },
    devDependencies: { '@types/node': mvi.devDependencies['@types/node'], typescript: mvi.devDependencies.typescript, vitest: mvi.devDependencies.vitest },
  };
  return `${JSON.stringify(project, null, 2)}\n`;
}

/** `mvi init [dir]`: a new service project whose tests pass as soon as its dependencies are installed. */
export default defineCommand({
  meta: { name: 'init', description: 'Make a new service project (a service, its tests, the scripts to run and test it) in a new or empty folder' },
  args: {
    dir: { type: 'positional', required: false, description: 'the folder (default: this one)' },
  },
  run({ args }) {
    const dir = resolve(args.dir ?? '.');
    if (existsSync(dir) && readdirSync(dir).length > 0) throw new UserError(`${args.dir ?? 'This folder'} is not empty: mvi init makes a project in a new or empty folder`);
    const folder = basename(dir).toLowerCase();
    const serviceName = folder.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || PLACEHOLDER;
    const projectName = folder.replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+|-+$/g, '') || 'my-service';
    mkdirSync(dir, { recursive: true });
    cpSync(TEMPLATE, dir, { recursive: true });
    renameSync(join(dir, 'gitignore'), join(dir, '.gitignore'));
    for (const file of ['service.ts', 'README.md']) {
      const path = join(dir, file);
      writeFileSync(path, readFileSync(path, 'utf8').replaceAll(PLACEHOLDER, serviceName));
    }
    writeFileSync(join(dir, 'package.json'), packageJson(projectName));
    const shown = relative(process.cwd(), dir) || '.';
    say.success(`Made the service ${serviceName} in ${shown}`);
    say.info(`Next: ${shown === '.' ? '' : `cd ${shown} && `}npm install && npm test, then npm start (or npm run dev)`);
  },
});
