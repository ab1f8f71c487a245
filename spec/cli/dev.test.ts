import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { repo } from '../manager/_manager-client.ts';
import { spawnMvi, tempHome, userEnv } from './_mvi.ts';

// Inside the repository's ignored .mvi/, so that the service file resolves mvi as a project would.
const folder = await mkdtemp(repo('.mvi', 'spec-dev-'));
const home = tempHome();
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  await rm(home, { recursive: true, force: true });
});

const source = (word: string) => (
  `import * as v from 'valibot';\nimport { defineService } from 'mvi';\n` +
  `export default defineService({ name: 'word', version: '1.0.0' }).entrypoint('word', v.object({}), () => '${word}');\n`
);

describe('mvi dev', () => {
  it('serves the service, and serves the new code once its file changes; Ctrl-C stops both', async () => {
    const file = join(folder, 'service.ts');
    await writeFile(file, source('first'));
    // In a process group of its own, so that a failing test ends the service mvi dev started too.
    const child = spawnMvi(['dev', file, '--port', '0'], { env: userEnv(home, { MVI_DATA_DIR: join(folder, '.mvi') }), detached: true });
    child.stdin!.end();
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const listening = async (count: number) => {
      for (let i = 0; i < 600 && (output.match(/listening on (\S+)/g) ?? []).length < count; i++) await sleep(100);
      return [...output.matchAll(/listening on (\S+)/g)].map((match) => match[1]!)[count - 1];
    };
    const word = async (url: string) => (await fetch(`${url}/word`, { method: 'POST', body: '{}' })).json();
    try {
      const first = await listening(1);
      expect(first, output).toBeDefined();
      expect(await word(first!)).toBe('first');
      await writeFile(file, source('second'));
      const second = await listening(2);
      expect(second, output).toBeDefined();
      expect(output).toContain('service.ts changed: restarting');
      expect(await word(second!)).toBe('second');
      // The monitoring data folder changes all the time: it never restarts the service.
      expect((output.match(/changed: restarting/g) ?? []).length).toBe(1);
      expect(await readFile(file, 'utf8')).toContain('second');
      // Saved as many editors (and sed -i) save: a new file renamed over the old one; then
      // written in place again, which Node 20's recursive fs.watch no longer saw.
      await writeFile(`${file}.tmp`, source('third'));
      await rename(`${file}.tmp`, file);
      const third = await listening(3);
      expect(await word(third!)).toBe('third');
      await writeFile(file, source('fourth'));
      const fourth = await listening(4);
      expect(fourth, output).toBeDefined();
      expect(await word(fourth!)).toBe('fourth');
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      await expect(fetch(`${fourth}/word`, { method: 'POST', body: '{}' })).rejects.toThrow();
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // The group is gone already.
      }
    }
  }, 120_000);
});
