import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'tar';

/** What `mvi deploy` leaves out of an uploaded project: git, installed modules, monitoring data and builds. */
export const NOT_UPLOADED: ReadonlySet<string> = new Set(['.git', 'node_modules', '.mvi', 'dist', 'coverage']);

/** A project folder packed as a `.tar.gz` in a temporary file (entries relative to the folder), to upload; `dispose()` deletes it. */
export async function packFolder(folder: string): Promise<{ readonly path: string; readonly bytes: number; dispose(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'mvi-deploy-'));
  const path = join(dir, 'project.tar.gz');
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    const entries = (await readdir(folder)).filter((entry) => !NOT_UPLOADED.has(entry));
    await create(
      {
        file: path,
        cwd: folder,
        gzip: true,
        portable: true,
        filter: (entry) => !entry.split(/[\\/]/).some((part) => NOT_UPLOADED.has(part)),
      },
      entries,
    );
    return { path, bytes: (await stat(path)).size, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
