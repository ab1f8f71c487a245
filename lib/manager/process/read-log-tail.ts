import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const BLOCK = 64 * 1024;

/**
 * The last `lines` lines of the files of a log (oldest file first), read backwards from the end
 * so that a tail of a large log reads little; all of it when `lines` is undefined. Synchronous,
 * so that a follower can read and subscribe in one tick.
 */
export function readLogTail(paths: readonly string[], lines?: number): Buffer {
  if (lines === 0) return Buffer.alloc(0);
  const parts: Buffer[] = [];
  let newlines = 0;
  for (const path of [...paths].reverse()) {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      continue;
    }
    try {
      let end = fstatSync(fd).size;
      while (end > 0) {
        const start = Math.max(0, end - BLOCK);
        const block = Buffer.alloc(end - start);
        readSync(fd, block, 0, block.length, start);
        end = start;
        if (lines === undefined) {
          parts.unshift(block);
          continue;
        }
        // A trailing newline ends the last line; it does not start another one.
        const skipLast = parts.length === 0 && block.at(-1) === 0x0a ? 1 : 0;
        for (let i = block.length - 1 - skipLast; i >= 0; i--) {
          if (block[i] === 0x0a && ++newlines === lines) {
            parts.unshift(block.subarray(i + 1));
            return Buffer.concat(parts);
          }
        }
        parts.unshift(block);
      }
    } finally {
      closeSync(fd);
    }
  }
  return Buffer.concat(parts);
}
