import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RetentionLimit } from '../service/types.ts';
import { createParameterBuffer } from './_parameter-buffer.ts';
import { assertStorable, assertStorableParameter } from './assert-storable.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { PGLITE_WORKER_URL, pgliteTemplate } from './pglite-template.ts';
import { retentionCutoff } from './retention-cutoff.ts';
import { toSqlDump } from './sql-dump.ts';
import { CREATE_MONITOR_SCHEMA, CREATE_MONITOR_VIEW, MIGRATE_MONITOR_TABLE } from './table-sql.ts';
import type { MonitorData, MonitorQuery, MonitorStore } from './types.ts';
import { startWorkerRpc, type WorkerRpc } from './worker-rpc.ts';
import { createWriteBuffer } from './write-buffer.ts';

/** Options of {@link createPgliteStore}. */
export interface PgliteStoreOptions {
  /** Folder that keeps the points across restarts (created when missing); undefined keeps them in memory. */
  readonly dataDir?: string;
  /** Most milliseconds between accepting a point and writing it (default 250). */
  readonly flushInterval?: number;
  /**
   * Resolve as soon as the data folder is locked and let PGlite open in the background (a
   * few hundred ms), accepting writes meanwhile; `ready` tells when it is open (default false:
   * resolve once open).
   */
  readonly openInBackground?: boolean;
}

/** A PGlite store, and when it is open. */
export interface PgliteStore extends MonitorStore {
  /** Resolves once PGlite is open; rejects (and the folder is unlocked) when it cannot open. */
  readonly ready: Promise<void>;
}

// PGlite starts with 128 MB of shared buffers (~300 MB RSS); 16 MB is plenty for
// append-mostly time series. A smaller WAL bounds the replay after a crash. The pages live
// in the OS cache: priced as such, reads walk the index in order instead of sorting (3x
// faster). UTC and ISO dates fix the text that dumps carry. (Exported for bench/http.ts's memory floor.)
export const PGLITE_SETTINGS = ['shared_buffers=16MB', 'max_wal_size=64MB', 'random_page_cost=1.1', 'TimeZone=UTC', 'DateStyle=ISO, MDY'].flatMap(
  (s) => ['-c', s],
);

async function openWorker(dataDir: string | undefined): Promise<WorkerRpc> {
  const rpc = startWorkerRpc(PGLITE_WORKER_URL, 'monitor store');
  try {
    const template = await pgliteTemplate();
    const schema = { create: CREATE_MONITOR_SCHEMA, migrate: MIGRATE_MONITOR_TABLE, view: CREATE_MONITOR_VIEW };
    await rpc.call('open', { pgdata: dataDir && join(dataDir, 'pgdata'), template, schema, settings: PGLITE_SETTINGS });
    return rpc;
  } catch (error) {
    await rpc.terminate();
    throw error;
  }
}

/**
 * A monitoring store on PGlite: kept on disk under `dataDir` (locked against a second
 * process), run in a worker thread so that queries never hold up requests, written in batches.
 *
 * @example
 * const store = await createPgliteStore({ dataDir: '.mvi/hello_1.0.0' });
 * store.write([{ variable: 'temperature', timestamp: Date.now(), value: 21.5 }]);
 * await store.close();
 */
export async function createPgliteStore(options: PgliteStoreOptions = {}): Promise<PgliteStore> {
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const unlock = dataDir ? await lockDataDir(dataDir) : async () => {};
  const opening = openWorker(dataDir);
  const ready = opening.then(
    () => {},
    async (error: unknown) => {
      await unlock();
      throw error;
    },
  );
  // Marked handled here: a caller that opens in the background hears of it through `ready`.
  ready.catch(() => {});
  if (!options.openInBackground) await ready;
  const worker = () => opening;

  const buffer = createWriteBuffer(async (batch) => (await worker()).call('insert', batch), { interval: options.flushInterval ?? 250 });
  const parameters = createParameterBuffer(async (names, values) => (await worker()).call('saveParameters', { names, values }));
  let closing: Promise<void> | undefined;
  const assertOpen = () => {
    if (closing) throw new Error('The monitor store is closed');
  };

  const shutdown = async () => {
    buffer.stop();
    let failure: unknown;
    const rpc = await opening.catch((error: unknown) => void (failure = error));
    if (!rpc) throw new Error(`The monitor store never opened; ${buffer.size} points were not written`, { cause: failure });
    await buffer.flush().catch((error: unknown) => (failure = error));
    await parameters.flush().catch((error: unknown) => (failure ??= error));
    const lost = buffer.size;
    const lostParameters = parameters.size;
    await rpc.call('close').catch((error: unknown) => (failure ??= error));
    await rpc.terminate();
    await unlock();
    if (lost > 0 || lostParameters > 0) {
      throw new Error(`The monitor store closed with ${lost} points and ${lostParameters} parameter values it could not write`, { cause: failure });
    }
    if (failure) throw failure;
  };

  // Every query sees the points accepted before it: the buffer is flushed first.
  const ask = async <T>(op: string, args?: unknown): Promise<T> => {
    assertOpen();
    await buffer.flush();
    return (await worker()).call<T>(op, args);
  };
  const toArgs = (query: MonitorQuery) => ({ start: query.start, end: query.end, variables: query.variables });

  return {
    ready,
    write(points) {
      assertOpen();
      assertStorable(points);
      buffer.add(points);
    },
    async flush() {
      await buffer.flush();
    },
    read: (query = {}) => ask<MonitorData>('read', toArgs(query)),
    readJson: (query = {}) => ask<string>('readJson', toArgs(query)),
    // The database's collation may differ: sort as the other stores do.
    variables: async () => (await ask<string[]>('variables')).sort(),
    clean(retention: RetentionLimit, now: number) {
      return ask<number>('clean', retention.unit === 'rows' ? { keep: retention.limit } : { until: retentionCutoff(retention, now) });
    },
    dump: async () => toSqlDump(await ask<string>('dump')),
    saveParameter(name, value) {
      assertOpen();
      assertStorableParameter(name, value);
      parameters.add(name, value);
    },
    async loadParameters() {
      assertOpen();
      await parameters.flush();
      return (await worker()).call<Record<string, string>>('loadParameters');
    },
    stats: () => ({ buffered: buffer.size, written: buffer.written, failed: buffer.failed, flushSeconds: buffer.flushSeconds() }),
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
}
