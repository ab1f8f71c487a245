import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresSchemaOf } from '../lib/monitor/postgres-schema.ts';
import { TEST_DATABASE_URL, testSchemas, uniqueName } from './monitor/_postgres.ts';
import { npmInstall, packMvi } from './_packed-mvi.ts';

// What users install, tested as installed: `npm pack` (which builds), then `npm install` of the
// tarball into a project made like `npm init -y` makes one (CommonJS by default).
const run = promisify(execFile);
const fixtures = join(import.meta.dirname, 'installed-package');
const tsc = join(process.cwd(), 'node_modules', '.bin', 'tsc');
let root: string;
let project: string;
let tarball: string;
let packed: readonly string[];
const children = new Set<ChildProcess>();

const schemas = testSchemas();

// A user's shell, not vitest's: consola, for one, logs only warnings where NODE_ENV is test.
const userEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|NODE_ENV$|TEST$|NODE_OPTIONS$)/.test(key))),
  MVI_DATA_DIR: join(root, 'data'),
  ...extra,
});

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mvi-installed-'));
  project = join(root, 'project');
  await mkdir(project);
  ({ tarball, files: packed } = await packMvi(root));
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', private: true }));
  await npmInstall(project, [tarball, 'valibot', '@types/node@20', 'typescript@5']);
  for (const file of await readdir(fixtures)) await copyFile(join(fixtures, file), join(project, file));
}, 240_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  if (root) await rm(root, { recursive: true, force: true });
});

interface Started {
  readonly url: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

/** Runs the installed `mvi` command (as `npx mvi` does) and resolves once the service listens. */
function startCommand(file: string): Promise<Started> {
  const child = spawn(join(project, 'node_modules', '.bin', 'mvi'), ['start', file, '--port', '0'], {
    cwd: project,
    env: userEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let output = '';
  const exited = new Promise<void>((done) => child.once('exit', () => {
    children.delete(child);
    done();
  }));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (\S+)/.exec(output);
      if (match) {
        resolve({
          url: match[1]!,
          output: () => output,
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`mvi start ${file} exited with ${code}:\n${output}`)));
  });
}

async function post(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

describe('the packed tarball', () => {
  it('holds the built package, the command and its documents, and no sources or tests', () => {
    expect(packed).toEqual(expect.arrayContaining([
      'dist/index.js', 'dist/index.d.ts', 'dist/runtime/index.js', 'dist/testing/index.d.ts', 'dist/communication/index.js',
      'dist/utilities/index.js', 'dist/monitor/index.js', 'dist/monitor/pglite-worker.js', 'dist/manager/index.js', 'dist/cli/main.js', 'dist/docs-page/index.html',
      'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist/cli/project-template/service.ts', 'dist/cli/project-template/spec/service.test.ts', 'dist/cli/project-template/gitignore',
      'dist/dashboard/index.html', 'dist/dashboard/login.html',
    ]));
    expect(packed.some((path) => /^dist\/monitor\/pglite-[\d.]+-template-[0-9a-f]{12}\.tar\.gz$/.test(path))).toBe(true);
    expect(packed.filter((path) => /^(lib|spec|bench|playground|node_modules)\//.test(path))).toEqual([]);
  });
});

describe('an installed mvi', () => {
  // Both compilers users have: the one this repository uses, and TypeScript 5.
  it.each([['this repository\'s tsc', () => tsc], ['TypeScript 5', () => join(project, 'node_modules', '.bin', 'tsc')]])(
    'gives a TypeScript project the same inference as the repository (%s)',
    async (_, compiler) => {
      await writeFile(join(project, 'tsconfig.json'), JSON.stringify({
        compilerOptions: { target: 'esnext', module: 'nodenext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] },
        files: ['types.mts'],
      }));
      const checked = await run(compiler(), ['-p', project], { cwd: project }).then(() => '', (error: { stdout: string }) => error.stdout);
      // h3's own declarations name crossws, an optional peer of h3 that is not installed: not ours to fix.
      expect(checked.split('\n').filter((line) => line && !line.startsWith('node_modules/h3/'))).toEqual([]);
    },
    60_000,
  );

  it('runs a plain JavaScript file that calls serve() on Node 20, without a loader', async () => {
    const { stdout } = await run(process.execPath, ['app.mjs'], { cwd: project, env: userEnv() });
    // A monitored answer is stored as JSON text.
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ status: 200, body: 42, monitored: ['42'] });
  }, 30_000);

  it('runs the same file with its monitoring on a PostgreSQL server (MVI_DATABASE_URL)', async () => {
    const name = uniqueName('installed');
    schemas(postgresSchemaOf(name, '1.0.0'));
    const env = { ...userEnv(), MVI_DATABASE_URL: TEST_DATABASE_URL, MVI_SERVICE_NAME: name, MVI_SERVICE_VERSION: '1.0.0' };
    const { stdout } = await run(process.execPath, ['app.mjs'], { cwd: project, env });
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ status: 200, body: 42, monitored: ['42'] });
    // Nothing of it in the embedded store's folder.
    expect((await readdir(join(root, 'data')).catch(() => [])).filter((entry) => entry.startsWith(name))).toEqual([]);
  }, 30_000);

  it.each(['hello.ts', 'hello.mts', 'hello.cts'])('starts the README service from %s in a CommonJS project with mvi start', async (file) => {
    if (file !== 'hello.ts') await copyFile(join(project, 'hello.ts'), join(project, file));
    const service = await startCommand(file);
    try {
      expect(await post(`${service.url}/hello`, { name: 'Bob' })).toEqual({ status: 200, body: 'Hello Bob' });
      expect(await post(`${service.url}/hello`, { name: 7 })).toMatchObject({ status: 422 });
      // The docs page ships built: the page and every file it names.
      const docs = await fetch(`${service.url}/docs`);
      const files = [...(await docs.text()).matchAll(/(?:src|href)="\.\/docs\/([^"]+)"/g)].map((match) => match[1]);
      expect([docs.status, files.length]).toEqual([200, 2]);
      for (const file of files) expect((await fetch(`${service.url}/docs/${file}`)).status, file).toBe(200);
    } finally {
      await service.stop();
    }
    // The template ships in the package: no initdb on the user's machine.
    expect(service.output()).not.toMatch(/Preparing the embedded monitoring database/);
  }, 30_000);

  it.each([
    ['hello.js', `const v = require('valibot');\nconst { defineService } = require('mvi');\nmodule.exports = defineService({ name: 'js', version: '1.0.0' }).entrypoint('hello', v.object({ name: v.string() }), ({ name }) => 'Hi ' + name);\n`],
    ['hello.mjs', `import * as v from 'valibot';\nimport { defineService } from 'mvi';\nexport default defineService({ name: 'mjs', version: '1.0.0' }).entrypoint('hello', v.object({ name: v.string() }), ({ name }) => 'Hi ' + name);\n`],
  ])('starts a JavaScript service from %s with mvi start', async (file, source) => {
    await writeFile(join(project, file), source);
    const service = await startCommand(file);
    try {
      expect(await post(`${service.url}/hello`, { name: 'Ann' })).toEqual({ status: 200, body: 'Hi Ann' });
    } finally {
      await service.stop();
    }
  }, 30_000);

  it.each([
    ['a file that does not exist', 'nope.ts', /nope\.ts: no such file or folder$/m],
    ['a folder without a service file', 'empty', /empty is a folder without a service file: add one of service\.ts/],
    ['a file of another kind', 'package.json', /package\.json: not a service module/],
  ])('names the user\'s mistake, not mvi\'s internals, for %s', async (_, target, message) => {
    await mkdir(join(project, 'empty'), { recursive: true });
    const failed = await run(join(project, 'node_modules', '.bin', 'mvi'), ['start', target], { cwd: project, env: userEnv() }).then(
      () => undefined,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    const said = `${failed!.stdout}${failed!.stderr}`;
    expect(said).toMatch(message);
    expect(said).not.toMatch(/node_modules[/\\]mvi|load-service/);
  }, 30_000);

  it('starts a project folder from its package.json main', async () => {
    const folder = join(project, 'svc');
    await mkdir(folder, { recursive: true });
    await copyFile(join(project, 'hello.ts'), join(folder, 'model.ts'));
    await writeFile(join(folder, 'package.json'), JSON.stringify({ name: 'svc', main: 'model.ts' }));
    const service = await startCommand('svc');
    try {
      expect(await post(`${service.url}/hello`, { name: 'Cy' })).toEqual({ status: 200, body: 'Hello Cy' });
    } finally {
      await service.stop();
    }
  }, 30_000);

  it('runs the manager with mvi manager, which deploys a service of the project with the installed mvi', async () => {
    const child = spawn(join(project, 'node_modules', '.bin', 'mvi'), ['manager', '--port', '0', '--data-dir', join(root, 'manager')], {
      cwd: project,
      env: userEnv({ MVI_ADMIN_PASSWORD: 'installed-admin-1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening on (\S+)/.exec(output);
        if (match) resolve(match[1]!);
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`mvi manager exited with ${code}:\n${output}`)));
    });
    try {
      const login = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'installed-admin-1' }) });
      const { token } = (await login.json()) as { token: string };
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const deployed = await fetch(`${url}/services/`, { method: 'POST', headers, body: JSON.stringify({ name: 'hello', version: '1.0.0', source: join(project, 'hello.ts') }) });
      expect(deployed.status).toBe(201);
      const answer = await fetch(`${url}/services/hello/hello`, { method: 'POST', headers, body: JSON.stringify({ name: 'Dee' }) });
      expect(await answer.json()).toBe('Hello Dee');
      // The dashboard ships built: its page, and the assets the page names.
      const page = await (await fetch(`${url}/`, { headers })).text();
      const assets = [...page.matchAll(/(?:src|href)="(\/~dashboard\/[^"]+)"/g)].map((match) => match[1]!);
      expect(assets.length).toBeGreaterThan(2);
      for (const asset of assets) expect([asset, (await fetch(`${url}${asset}`)).status]).toEqual([asset, 200]);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 60_000);

  it('prints its version', async () => {
    const { stdout } = await run(join(project, 'node_modules', '.bin', 'mvi'), ['--version'], { cwd: project });
    const { version } = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
    expect(stdout.trim()).toBe(version);
  });
});
