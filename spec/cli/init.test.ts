import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { npmInstall, packMvi } from '../_packed-mvi.ts';
import { mvi, said, userEnv } from './_mvi.ts';

// mvi init as users run it: the project it makes installs the packed mvi and passes its own tests.
const run = promisify(execFile);
let root: string;
let tarball: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mvi-init-'));
  ({ tarball } = await packMvi(root));
}, 240_000);

afterAll(() => rm(root, { recursive: true, force: true }));

describe('mvi init', () => {
  it('makes a project whose type check and tests pass once its dependencies are installed, with the packed mvi', async () => {
    const project = join(root, 'Price-Model');
    const made = await mvi(['init', project], { env: userEnv(root) });
    expect(made.code).toBe(0);
    expect(made.stderr).toContain('Made the service price_model in');
    expect((await readdir(project)).sort()).toEqual(['.gitignore', 'README.md', 'package.json', 'service.ts', 'spec', 'tsconfig.json']);
    const manifest = JSON.parse(await readFile(join(project, 'package.json'), 'utf8')) as { name: string; scripts: Record<string, string>; dependencies: Record<string, string> };
    const version = (JSON.parse(await readFile('package.json', 'utf8')) as { version: string }).version;
    expect(manifest).toMatchObject({ name: 'price-model', private: true, type: 'module', dependencies: { mvi: `^${version}`, valibot: expect.any(String) } });
    expect(await readFile(join(project, 'service.ts'), 'utf8')).toContain("name: 'price_model'");
    // What package.json asks for, with mvi from the tarball instead of the registry.
    await npmInstall(project, [tarball]);
    const tested = await run('npm', ['test'], { cwd: project, env: userEnv(root) }).then(
      ({ stdout, stderr }) => ({ code: 0, output: `${stdout}${stderr}` }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: `${error.stdout}${error.stderr}` }),
    );
    expect(tested.output).toMatch(/Tests\s+3 passed \(3\)/);
    expect(tested.code).toBe(0);
    // The installed command has the template too.
    const again = await run(join(project, 'node_modules', '.bin', 'mvi'), ['init', join(root, 'second')], { cwd: project, env: userEnv(root) });
    expect(again.stderr).toContain('Made the service second');
    expect(await readdir(join(root, 'second', 'spec'))).toEqual(['service.test.ts']);
  }, 300_000);

  it('refuses a folder that is not empty, in one line, and writes nothing there', async () => {
    const taken = join(root, 'taken');
    await mkdir(taken);
    await writeFile(join(taken, 'notes.txt'), 'mine');
    const refused = await mvi(['init', taken], { env: userEnv(root) });
    expect(refused.code).toBe(1);
    expect(said(refused.stderr)).toEqual([expect.stringContaining('is not empty: mvi init makes a project in a new or empty folder')]);
    expect(await readdir(taken)).toEqual(['notes.txt']);
  });
});
