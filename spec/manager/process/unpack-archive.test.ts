import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unpackArchive } from '../../../lib/manager/process/unpack-archive.ts';
import { tarGz, type TarEntry } from './_tar.ts';

const dir = await mkdtemp(join(tmpdir(), 'mvi-unpack-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const streamOf = (bytes: Buffer) => new Blob([bytes]).stream();
let n = 0;
const unpack = (entries: readonly TarEntry[]) => {
  const folder = join(dir, 'root', `project_${++n}`);
  return { folder, result: unpackArchive(streamOf(tarGz(entries)), folder) };
};

describe('unpackArchive()', () => {
  it('unpacks files, folders and links that stay inside', async () => {
    const { folder, result } = unpack([
      { path: 'service.ts', body: 'export default 1;\n' },
      { path: 'lib/', type: 'dir' },
      { path: 'lib/a.txt', body: 'a' },
      { path: 'lib/up', type: 'symlink', linkpath: '../service.ts' },
      { path: 'copy.txt', type: 'link', linkpath: 'lib/a.txt' },
    ]);
    expect(await result).toBe(folder);
    expect(readFileSync(join(folder, 'service.ts'), 'utf8')).toBe('export default 1;\n');
    expect(readlinkSync(join(folder, 'lib/up'))).toBe('../service.ts');
    expect(readFileSync(join(folder, 'copy.txt'), 'utf8')).toBe('a');
  });

  it('answers with the single folder an archive holds', async () => {
    const { folder, result } = unpack([{ path: 'project/', type: 'dir' }, { path: 'project/service.ts', body: 'x' }]);
    expect(await result).toBe(join(folder, 'project'));
  });

  it.each<[string, TarEntry]>([
    ['a path with ..', { path: '../escaped.txt', body: 'x' }],
    ['a path that climbs out through a folder', { path: 'lib/../../escaped.txt', body: 'x' }],
    ['an absolute path', { path: '/tmp/escaped.txt', body: 'x' }],
    ['a symlink out of the folder', { path: 'out', type: 'symlink', linkpath: '../../..' }],
    ['a symlink to an absolute path', { path: 'passwd', type: 'symlink', linkpath: '/etc/passwd' }],
    ['a hard link out of the folder', { path: 'hard', type: 'link', linkpath: '../x' }],
    ['a fifo', { path: 'pipe', type: 'fifo' }],
  ])('refuses the whole archive with 422 for %s, and leaves nothing', async (_, bad) => {
    const { folder, result } = unpack([{ path: 'service.ts', body: 'ok' }, bad]);
    await expect(result).rejects.toMatchObject({ status: 422, body: { detail: expect.stringMatching(/^The archive was refused: /) } });
    expect(existsSync(folder)).toBe(false);
    expect(await readdir(join(dir, 'root'))).not.toContain('escaped.txt');
    expect(existsSync(join(dir, 'escaped.txt'))).toBe(false);
  });

  it('answers 422 for something that is not a tar archive', async () => {
    const folder = join(dir, 'root', 'garbage');
    await expect(unpackArchive(streamOf(Buffer.from('not an archive at all')), folder)).rejects.toMatchObject({ status: 422 });
    expect(existsSync(folder)).toBe(false);
  });
});
