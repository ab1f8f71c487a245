import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'tar';
import { NON_SOURCE_FOLDERS } from './non-source-folders.ts';

/** A project folder packed as a `.tar.gz` in a temporary file (entries relative to the folder, without `NON_SOURCE_FOLDERS`), to upload; `dispose()` deletes it. */
export async function packFolder(folder: string): Promise<{ readonly path: string; readonly bytes: number; dispose(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'mvi-deploy-'));
  const path = join(dir, 'project.tar.gz');
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    const entries = (await readdir(folder)).filter((entry) => !NON_SOURCE_FOLDERS.has(entry));
    await create(
      {
        file: path,
        cwd: folder,
        gzip: true,
        portable: true,
        filter: (entry) => !entry.split(/[\\/]/).some((part) => NON_SOURCE_FOLDERS.has(part)),
      },
      entries,
    );
    return { path, bytes: (await stat(path)).size, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
