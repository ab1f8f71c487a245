import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtFileAnswer, loadBuiltFiles } from '../../../lib/manager/routes/_built-files.ts';

let dir: string;
const script = `console.log(${JSON.stringify('a fairly repetitive line of script '.repeat(100))});`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mvi-built-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>x</title>');
  await writeFile(join(dir, 'assets', 'index-abc.js'), script);
  await writeFile(join(dir, 'assets', 'logo.png'), Buffer.alloc(4096, 7));
  await writeFile(join(dir, '.built'), '');
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('loadBuiltFiles', () => {
  it('holds every file by its path, dotfiles left out, the large text ones compressed', async () => {
    const files = await loadBuiltFiles(dir);
    expect([...files.keys()].sort()).toStrictEqual(['assets/index-abc.js', 'assets/logo.png', 'index.html']);
    const js = files.get('assets/index-abc.js')!;
    expect(js.type).toBe('text/javascript; charset=utf-8');
    expect(gunzipSync(js.gzip!).toString()).toBe(script);
    // A small page and an image are sent as they are.
    expect([files.get('index.html')!.gzip, files.get('assets/logo.png')!.gzip, files.get('assets/logo.png')!.type]).toStrictEqual([undefined, undefined, 'image/png']);
  });
});

describe('builtFileAnswer', () => {
  it('sends the gzip to clients that accept it, and says that the answer varies with it', async () => {
    const js = (await loadBuiltFiles(dir)).get('assets/index-abc.js')!;
    expect(builtFileAnswer(js, 'gzip, deflate, br')).toStrictEqual({
      body: js.gzip,
      headers: { 'content-type': 'text/javascript; charset=utf-8', 'x-content-type-options': 'nosniff', vary: 'accept-encoding', 'content-encoding': 'gzip' },
    });
    expect(builtFileAnswer(js, null)).toStrictEqual({ body: js.body, headers: { 'content-type': 'text/javascript; charset=utf-8', 'x-content-type-options': 'nosniff', vary: 'accept-encoding' } });
    const html = (await loadBuiltFiles(dir)).get('index.html')!;
    expect(builtFileAnswer(html, 'gzip').headers).toStrictEqual({ 'content-type': 'text/html; charset=utf-8', 'x-content-type-options': 'nosniff' });
  });
});
