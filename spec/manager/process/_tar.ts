import { gzipSync } from 'node:zlib';

/** One entry of a hand-made archive: any path and link target, however wrong. */
export interface TarEntry {
  readonly path: string;
  readonly type?: 'file' | 'dir' | 'symlink' | 'link' | 'fifo';
  readonly body?: string;
  readonly linkpath?: string;
}

const TYPES = { file: '0', link: '1', symlink: '2', dir: '5', fifo: '6' } as const;

// A ustar header written by hand: the tar package refuses to make the bad entries these tests need.
function header(entry: TarEntry, size: number): Buffer {
  const block = Buffer.alloc(512);
  const put = (text: string, offset: number, length: number) => block.write(text, offset, length, 'utf8');
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0');
  put(entry.path, 0, 100);
  put(octal(entry.type === 'dir' ? 0o755 : 0o644, 8), 100, 8);
  put(octal(0, 8), 108, 8);
  put(octal(0, 8), 116, 8);
  put(octal(size, 12), 124, 12);
  put(octal(Math.floor(Date.now() / 1000), 12), 136, 12);
  put(TYPES[entry.type ?? 'file'], 156, 1);
  put(entry.linkpath ?? '', 157, 100);
  put('ustar\u000000', 257, 8);
  block.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  put(`${octal(sum, 7)}\u0000 `, 148, 8);
  return block;
}

/** A gzipped tar of `entries`, as they are given. */
export function tarGz(entries: readonly TarEntry[]): Buffer {
  const parts = entries.flatMap((entry) => {
    const body = Buffer.from(entry.body ?? '');
    const padding = Buffer.alloc((512 - (body.length % 512)) % 512);
    return [header(entry, body.length), body, padding];
  });
  return gzipSync(Buffer.concat([...parts, Buffer.alloc(1024)]));
}
