import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Options of {@link openLogFile}. */
export interface LogFileOptions {
  /** Bytes a file may hold before it is rotated (default 10 MiB). */
  readonly maxBytes?: number;
  /** Files kept, the current one included: `x.log`, `x.log.1`, … (default 3). */
  readonly files?: number;
}

/** A listener of a log: called with every chunk written, and with undefined once the log closes. */
export type LogListener = (chunk: Buffer | undefined) => void;

/** A version's log file, rotated by size, that followers can subscribe to. */
export interface LogFile {
  readonly path: string;
  /** The files that hold the log, oldest first. */
  readonly paths: () => readonly string[];
  write(chunk: Buffer | string): void;
  /** Calls `listener` with every chunk written from now on; returns the function that stops it. */
  subscribe(listener: LogListener): () => void;
  /** Closes the file and ends every follower; idempotent. */
  close(): void;
}

/**
 * Opens (appending) the log file at `path`. Writes are synchronous: a reader that reads the file
 * and subscribes in the same tick sees every chunk exactly once, and a chunk written is on disk
 * even if the manager is killed right after.
 */
export function openLogFile(path: string, options: LogFileOptions = {}): LogFile {
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const files = Math.max(1, options.files ?? 3);
  mkdirSync(dirname(path), { recursive: true });
  let fd: number | undefined = openSync(path, 'a');
  let size = fstatSync(fd).size;
  const listeners = new Set<LogListener>();
  const rotated = (n: number) => `${path}.${n}`;

  const rotate = () => {
    closeSync(fd!);
    rmSync(rotated(files - 1), { force: true });
    for (let n = files - 2; n >= 1; n--) if (existsSync(rotated(n))) renameSync(rotated(n), rotated(n + 1));
    if (files > 1) renameSync(path, rotated(1));
    else rmSync(path, { force: true });
    fd = openSync(path, 'a');
    size = 0;
  };

  return {
    path,
    paths: () => [...Array.from({ length: files - 1 }, (_, i) => rotated(files - 1 - i)).filter((p) => existsSync(p)), path],
    write(chunk) {
      if (fd === undefined) return;
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (size > 0 && size + bytes.length > maxBytes) rotate();
      writeSync(fd, bytes);
      size += bytes.length;
      for (const listener of listeners) listener(bytes);
    },
    subscribe(listener) {
      if (fd === undefined) {
        listener(undefined);
        return () => {};
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (fd === undefined) return;
      closeSync(fd);
      fd = undefined;
      for (const listener of listeners) listener(undefined);
      listeners.clear();
    },
  };
}
