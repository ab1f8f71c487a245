import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mvi as run, said, userEnv } from './_mvi.ts';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'mvi-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Runs `mvi …` as a user would, from the sources (the installed command is tested in
// spec/installed-package.test.ts), and resolves to its exit code and output.
function mvi(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=mvi-source', '--import', 'tsx', join(root, 'lib', 'cli', 'main.ts'), ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('mvi start', () => {
  it('says in one line which port is in use and how to choose another, exits 1 and makes no data folder', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as AddressInfo;
    const dataDir = join(dir, 'data');
    try {
      const { code, stdout, stderr } = await mvi(['start', 'playground/hello.ts', '--port', String(port)], { MVI_DATA_DIR: dataDir, NO_COLOR: '1' });
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.split('\n').filter((line) => line.trim())).toEqual([
        expect.stringContaining(`Port ${port} on 127.0.0.1 is already in use: stop what holds it, or choose another port with --port or PORT`),
      ]);
      expect(existsSync(dataDir)).toBe(false);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  }, 20_000);
});

describe('mvi start of a module that throws as it loads', () => {
  const env = userEnv(dir);
  const message = "Cannot read properties of undefined (reading 'name')";

  it('says where in the user\'s file it was thrown, relative to the current folder, and exits 1', async () => {
    const failed = await run(['start', 'spec/cli/_crashing-service.ts'], { env });
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe('');
    expect(said(failed.stderr)).toEqual([`✖ ${message} (at spec/cli/_crashing-service.ts:3:41)`]);
    const fromSpec = await run(['start', 'cli/_crashing-service.ts'], { env, cwd: join(root, 'spec') });
    expect(said(fromSpec.stderr)).toEqual([`✖ ${message} (at cli/_crashing-service.ts:3:41)`]);
  });

  it('prints the whole stack with DEBUG=1', async () => {
    const failed = await run(['start', 'spec/cli/_crashing-service.ts'], { env: { ...env, DEBUG: '1' } });
    expect(failed.code).toBe(1);
    expect(said(failed.stderr)[0]).toBe(`✖ TypeError: ${message}`);
    expect(failed.stderr).toContain(`${join(root, 'spec', 'cli', '_crashing-service.ts')}:3:41)`);
    expect(failed.stderr).toMatch(/at async loadService \(/);
  });
});

describe('mvi manager', () => {
  it('starts the manager on the port and folder given, warns when auth is off, and stops on SIGTERM', async () => {
    const dataDir = join(dir, 'manager');
    const child = spawn(process.execPath, ['--conditions=mvi-source', '--import', 'tsx', join(root, 'lib', 'cli', 'main.ts'), 'manager', '--port', '0', '--data-dir', dataDir, '--no-auth'], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', CONSOLA_LEVEL: '3' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (\S+)/.exec(output);
          if (match) resolve(match[1]!);
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => reject(new Error(`mvi manager exited with ${code}:\n${output}`)));
      });
      expect(output).toMatch(/Auth is off \(--no-auth\)/);
      // Without auth, no token is needed.
      expect(await (await fetch(`${url}/services/`)).json()).toEqual([]);
      expect(existsSync(join(dataDir, 'manager'))).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});

describe('mvi help and mistakes', () => {
  const home = mkdtempSync(join(tmpdir(), 'mvi-cli-help-'));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const env = userEnv(home);

  it('lists every command with --help, and each command\'s arguments and options with its own', async () => {
    const help = await run(['--help'], { env });
    expect(help.code).toBe(0);
    const listed = help.stdout.split('COMMANDS')[1]!.split('\n').map((line) => line.trim().split(/\s+/)[0]).filter((word) => /^[a-z]+$/.test(word!));
    expect(listed).toEqual(['start', 'dev', 'init', 'manager', 'login', 'logout', 'deploy', 'ls', 'assign', 'kill', 'logs', 'shadow', 'token', 'user', 'notifications']);
    // Into a pipe: no colour codes, no trailing spaces.
    expect(help.stdout.includes('\u001b[')).toBe(false);
    expect(help.stdout).not.toMatch(/[ \t]$/m);
    const deploy = await run(['deploy', '--help'], { env });
    expect(deploy.code).toBe(0);
    expect(deploy.stdout).toContain('USAGE mvi deploy [OPTIONS] <NAME> <VERSION> <PATH>');
    for (const option of ['-e, --env=<NAME=value>', '--command=<command line>', '--port=<port>', '--replicas=<N>', '--upload']) expect(deploy.stdout).toContain(option);
    const add = await run(['user', 'add', '--help'], { env });
    expect(add.stdout).toContain('USAGE mvi user add [OPTIONS] <NAME>');
    expect((await run(['manager', '--help'], { env })).stdout).toContain('--no-auth');
  });

  it('says in one line what is wrong with a command, an option or an argument, and exits 1', async () => {
    for (const [args, message] of [
      [['bogus'], 'Unknown command "bogus": see mvi --help'],
      [['ls', '--fallow'], 'Unknown option --fallow: see mvi ls --help'],
      [['logs'], 'Missing required positional argument: NAME: see mvi logs --help'],
      [['start', 'playground/hello.ts', '--port', 'http'], '--port must be a whole number from 0 to 65535, got "http"'],
      [['user', 'add', 'x', '--role', 'boss'], 'Invalid value for argument: --role (boss). Expected one of: user, admin.'],
    ] as const) {
      const failed = await run([...args], { env });
      expect(failed.code, args.join(' ')).toBe(1);
      expect(said(failed.stderr), args.join(' ')).toEqual([expect.stringContaining(message)]);
      expect(failed.stdout).toBe('');
    }
  });
});
