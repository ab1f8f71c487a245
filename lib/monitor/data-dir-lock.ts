import type { ConsolaInstance } from 'consola';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mviLogger } from '../utilities/_logger.ts';
import { isProcessAlive } from '../utilities/_process-alive.ts';

const LOCK_FILE = 'store.lock';
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'ENOSYS']);

// Locks this process holds: the same pid in a lock file is ours only if it is listed here
// (a container restarted on the same volume often gets the pid its predecessor had).
const held = new Set<string>();

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code;

async function readOwner(path: string): Promise<number | undefined> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

// Writes the pid to a private file first, then links it into place: link() fails when the
// lock exists, and a reader never sees a half-written lock. File systems without hard links
// fall back to an exclusive create.
async function tryCreate(path: string): Promise<boolean> {
  const draft = `${path}.${process.pid}.draft`;
  await writeFile(draft, `${process.pid}\n`);
  try {
    await link(draft, path);
    return true;
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    if (!NO_HARD_LINKS.has(codeOf(error) ?? '')) throw error;
    return await writeFile(path, `${process.pid}\n`, { flag: 'wx' }).then(
      () => true,
      (failure: unknown) => {
        if (codeOf(failure) === 'EEXIST') return false;
        throw failure;
      },
    );
  } finally {
    await unlink(draft).catch(() => {});
  }
}

/**
 * Takes the lock file of a data folder (two processes on one PGlite folder silently lose
 * rows): refuses while a live process holds it, recovers it from a dead one (a zombie
 * included), saying so to `log`. Resolves to the function that releases it.
 */
export async function lockDataDir(dir: string, log: ConsolaInstance = mviLogger()): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_FILE);
  if (held.has(path)) throw new Error(`The data folder ${dir} is already open in this process`);
  held.add(path);
  try {
    for (let attempt = 0; !(await tryCreate(path)); attempt++) {
      const owner = await readOwner(path);
      if (owner !== undefined && owner !== process.pid && isProcessAlive(owner)) {
        throw new Error(
          `The data folder ${dir} is in use by process ${owner}. Stop that process, or delete ${path} if that process is no mvi service or manager.`,
        );
      }
      if (attempt > 0) throw new Error(`Could not take the lock ${path}: another process keeps taking it`);
      log.warn(`Recovering the data folder ${dir} from process ${owner ?? '(unknown)'}, which is gone`);
      await unlink(path).catch(() => {});
    }
  } catch (error) {
    held.delete(path);
    throw error;
  }
  return async () => {
    if (!held.delete(path)) return;
    if ((await readOwner(path)) === process.pid) await unlink(path).catch(() => {});
  };
}
