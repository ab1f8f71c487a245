import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

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
