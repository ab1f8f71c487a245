import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, posix } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { x as extract, type ReadEntry } from 'tar';
import { httpError } from '../../engine/http-error.ts';

const KINDS = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory', 'SymbolicLink', 'Link']);

// Inside the folder: relative, and never above it once `..` steps are resolved.
const inside = (path: string) => !isAbsolute(path) && !posix.normalize(path).split('/').includes('..');

// Why an entry may not be unpacked, if it may not: paths that leave the folder, links that point
// out of it (a symlink's target is read from its own folder, a hard link's from the root), and
// devices or pipes.
function refusal(path: string, entry: ReadEntry): string | undefined {
  if (!KINDS.has(entry.type)) return `${path}: a ${entry.type} entry, not a file, folder or link`;
  if (!inside(path)) return `${path}: its path leaves the folder`;
  const target = entry.linkpath;
  if (entry.type === 'SymbolicLink' && (!target || isAbsolute(target) || !inside(posix.join(posix.dirname(path), target)))) return `${path}: a link to ${target}, outside the folder`;
  if (entry.type === 'Link' && (!target || !inside(target))) return `${path}: a hard link to ${target}, outside the folder`;
  return undefined;
}

/**
 * Unpacks a `.tar.gz` (or `.tar`) project archive into `folder` (emptied first) and returns the
 * project's folder: `folder` itself, or the single folder the archive holds (`tar czf x.tar.gz
 * project/`). Refuses the whole archive, 422 naming the entry, when one would land outside the
 * folder or link out of it.
 */
export async function unpackArchive(archive: ReadableStream<Uint8Array>, folder: string): Promise<string> {
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const refused: string[] = [];
  try {
    await pipeline(
      Readable.fromWeb(archive as import('node:stream/web').ReadableStream<Uint8Array>),
      extract({
        cwd: folder,
        strict: true,
        filter: (path, entry) => {
          const why = 'type' in entry ? refusal(path, entry) : undefined;
          if (why) refused.push(why);
          return why === undefined;
        },
      }),
    );
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw httpError(422, `The archive could not be unpacked as a .tar.gz: ${(error as Error).message}`);
  }
  if (refused.length) {
    await rm(folder, { recursive: true, force: true });
    throw httpError(422, `The archive was refused: ${refused.slice(0, 5).join('; ')}`);
  }
  const entries = await readdir(folder);
  if (entries.length === 1 && (await stat(join(folder, entries[0]!))).isDirectory()) return join(folder, entries[0]!);
  return folder;
}
