import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../lib/manager/process/free-port.ts';
import { ADMIN_PASSWORD, alive, client } from '../manager/_manager-client.ts';
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

const pids: number[] = [];

afterAll(async () => {
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await rm(root, { recursive: true, force: true });
});

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

  it('makes a project that mvi deploy --upload sends to a manager elsewhere, which installs its dependencies and runs it', async () => {
    const project = join(root, 'shop');
    expect((await mvi(['init', project], { env: userEnv(root) })).code).toBe(0);
    // mvi from a tarball inside the project (uploaded with it), as the registry would give it.
    await mkdir(join(project, 'vendor'));
    await copyFile(tarball, join(project, 'vendor', basename(tarball)));
    await npmInstall(project, [`./vendor/${basename(tarball)}`]);
    expect(existsSync(join(project, 'package-lock.json'))).toBe(true);
    // The manager as installed, its data outside any project: only what it installs resolves
    // there. npm's cache is this machine's, which the installs above filled (no network).
    const { stdout: cache } = await run('npm', ['config', 'get', 'cache']);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const dataDir = join(root, 'manager-data');
    const managerEnv = userEnv(root, { MVI_ADMIN_PASSWORD: ADMIN_PASSWORD, npm_config_cache: cache.trim() });
    const manager = spawn(join(project, 'node_modules', '.bin', 'mvi'), ['manager', '--port', String(port), '--data-dir', dataDir], { env: managerEnv, stdio: 'ignore' });
    pids.push(manager.pid!);
    const stopped = new Promise((resolve) => manager.once('exit', resolve));
    try {
      for (let i = 0; i < 300 && !(await fetch(`${url}/~version`).then((r) => r.ok, () => false)); i++) await sleep(100);
      const env = userEnv(join(root, 'deployer'));
      expect((await mvi(['login', url, '-u', 'admin'], { env, input: `${ADMIN_PASSWORD}\n` })).code).toBe(0);
      const deployed = await mvi(['deploy', 'shop', '0.1.0', project, '--upload'], { env });
      expect(deployed.stderr).toContain(`shop 0.1.0 is running on ${url} (main, uploaded `);
      expect(deployed.code).toBe(0);
      const source = join(dataDir, 'sources', 'shop_0.1.0');
      expect(existsSync(join(source, 'node_modules', 'mvi', 'package.json'))).toBe(true);
      expect(existsSync(join(source, 'node_modules', 'vitest'))).toBe(false);
      const { token } = (await client(url)('POST', '/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } })).json as { token: string };
      const answer = await client(url)('POST', '/services/shop/hello', { token, body: { name: 'Ada' } });
      expect(answer.status).toBe(200);
      expect(answer.json).toBe('Hello Ada');
      const log = await mvi(['logs', 'shop', '-n', 'all'], { env });
      expect(log.stdout).toMatch(/shop 0\.1\.0 is installing its dependencies: npm ci --omit=dev --ignore-scripts/);
      expect(log.stdout).toMatch(/shop 0\.1\.0 installed its dependencies in/);
    } finally {
      manager.kill('SIGTERM');
      await stopped;
    }
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
