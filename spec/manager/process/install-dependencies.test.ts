import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installCommand, installDependencies } from '../../../lib/manager/process/install-dependencies.ts';
import { openLogFile, type LogFile } from '../../../lib/manager/process/log-file.ts';

// npm for real, offline: the projects depend on folders of their own (file:), or on a registry
// that never answers.
let root: string;
// npm's own cache, inside the test's folder: these installs need nothing from the machine's.
let env: NodeJS.ProcessEnv;
let count = 0;
const logs: LogFile[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mvi-install-'));
  env = { ...process.env, npm_config_cache: join(root, 'npm-cache') };
});

afterAll(async () => {
  for (const log of logs) log.close();
  await rm(root, { recursive: true, force: true });
});

async function project(manifest: Record<string, unknown>, files: Record<string, string> = {}): Promise<{ folder: string; log: LogFile; text: () => Promise<string> }> {
  const folder = join(root, `project-${++count}`);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'package.json'), JSON.stringify({ name: `project-${count}`, version: '1.0.0', ...manifest }));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(folder, path, '..'), { recursive: true });
    await writeFile(join(folder, path), text);
  }
  const log = openLogFile(join(root, `project-${count}.log`));
  logs.push(log);
  return { folder, log, text: () => readFile(log.path, 'utf8') };
}

const local = (name: string) => ({ [`vendor/${name}/package.json`]: JSON.stringify({ name, version: '1.0.0', main: 'index.js' }), [`vendor/${name}/index.js`]: 'module.exports = 1;' });

describe('installDependencies', () => {
  it('does nothing for a project without a package.json, or one without dependencies', async () => {
    const bare = join(root, 'bare');
    await mkdir(bare);
    const log = openLogFile(join(root, 'bare.log'));
    logs.push(log);
    await installDependencies(bare, { label: 'bare 1.0.0', log, env });
    const devOnly = await project({ devDependencies: { vitest: '^4.0.0' } });
    await installDependencies(devOnly.folder, { label: 'dev 1.0.0', log: devOnly.log, env });
    expect(await readFile(log.path, 'utf8')).toBe('');
    expect(await devOnly.text()).toBe('');
    expect(existsSync(join(devOnly.folder, 'node_modules'))).toBe(false);
  });

  it('installs the production dependencies, not the dev ones, runs no install script, and logs what it did', async () => {
    const { folder, log, text } = await project(
      { dependencies: { used: 'file:vendor/used' }, devDependencies: { tooling: 'file:vendor/tooling' }, scripts: { postinstall: 'node -e "require(\'fs\').writeFileSync(\'script-ran\', \'\')"' } },
      { ...local('used'), ...local('tooling') },
    );
    await installDependencies(folder, { label: 'shop 1.0.0', log, env });
    expect(existsSync(join(folder, 'node_modules', 'used', 'index.js'))).toBe(true);
    expect(existsSync(join(folder, 'node_modules', 'tooling'))).toBe(false);
    expect(existsSync(join(folder, 'script-ran'))).toBe(false);
    const written = await text();
    expect(written).toMatch(/shop 1\.0\.0 is installing its dependencies: npm install --omit=dev --ignore-scripts/);
    expect(written).toMatch(/shop 1\.0\.0 installed its dependencies in \d+\.\d s/);
  }, 120_000);

  it('installs from the lock file with npm ci when there is one, from the cache where it can', async () => {
    const { folder } = await project({ dependencies: { used: 'file:vendor/used' } }, { ...local('used'), 'package-lock.json': '{}' });
    expect(installCommand(folder)).toEqual(['npm', 'ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier', '--prefer-offline']);
    await rm(join(folder, 'package-lock.json'));
    expect(installCommand(folder)).toEqual(['npm', 'install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier']);
  });

  it('leaves a project that brought its node_modules as it is', async () => {
    const { folder, log, text } = await project({ dependencies: { missing: 'file:vendor/missing' } }, { 'node_modules/missing/index.js': 'module.exports = 1;' });
    await installDependencies(folder, { label: 'packed 1.0.0', log, env });
    expect(await text()).toContain('packed 1.0.0 brought its node_modules: its dependencies are not installed again');
  });

  it('answers 422 with npm\'s own words at the end of the log when the install fails', async () => {
    const { folder, log, text } = await project({ dependencies: { missing: 'file:vendor/missing.tgz' } });
    const failed = await installDependencies(folder, { label: 'broken 1.0.0', log, env }).then(() => undefined, (error: unknown) => error);
    expect(failed).toMatchObject({ status: 422 });
    const detail = (failed as { body: { detail: string } }).body.detail;
    expect(detail).toMatch(/^Installing the dependencies of broken 1\.0\.0 failed: npm install exited with code \d+; the end of its log:\n/);
    expect(detail).toContain('missing.tgz');
    expect(detail).toContain('broken 1.0.0 could not install its dependencies');
    expect(await text()).toContain('npm error');
  }, 120_000);

  it('stops an install that takes longer than the timeout, and says so', async () => {
    // A registry that takes connections and never answers.
    const sockets = new Set<import('node:net').Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as import('node:net').AddressInfo;
    try {
      const { folder, log } = await project({ dependencies: { 'left-pad': '1.3.0' } });
      const cache = await mkdtemp(join(root, 'cache-'));
      const started = Date.now();
      const failed = await installDependencies(folder, { label: 'slow 1.0.0', log, env: { ...env, npm_config_registry: `http://127.0.0.1:${port}/`, npm_config_cache: cache }, timeout: 2_000 }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failed).toMatchObject({ status: 422 });
      expect((failed as { body: { detail: string } }).body.detail).toMatch(/^Installing the dependencies of slow 1\.0\.0 failed: npm install took longer than 2 s and was stopped/);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(sockets.size).toBeGreaterThan(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  }, 60_000);
});
