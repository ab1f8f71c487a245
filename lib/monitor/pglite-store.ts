import type { ConsolaInstance } from 'consola';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RetentionLimit } from '../service/types.ts';
import { mviLogger } from '../utilities/_logger.ts';
import { createParameterBuffer } from './_parameter-buffer.ts';
import { assertStorable, assertStorableParameter } from './assert-storable.ts';
import { bufferStats, bufferStatus } from './buffer-status.ts';
import { drainBuffers, endClose } from './drain-buffers.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { PGLITE_WORKER_URL, pgliteTemplate } from './pglite-template.ts';
import { retentionCutoff } from './retention-cutoff.ts';
import { streamSqlDump, textOf } from './sql-dump.ts';
import { CREATE_MONITOR_SCHEMA, CREATE_RETENTION_TABLE, CREATE_SAMPLES_TABLE, MIGRATE_MONITOR_TABLE } from './table-sql.ts';
import type { MonitorData, MonitorQuery, MonitorStore } from './types.ts';
import { restartingWorker } from './restarting-worker.ts';
import { startWorkerRpc, WORKER_STOPPED, type WorkerRpc } from './worker-rpc.ts';
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
  /**
   * Most points accepted but not written yet (default 1 000 000): while that many wait,
   * `write()` refuses points with a `StoreFullError` (monitored calls answer 503 with
   * `Retry-After`) until writing catches up.
   */
  readonly maxBuffered?: number;
  /** Where the store logs (default: mvi's logger) until an engine passes its own with `logTo()`. */
  readonly logger?: ConsolaInstance;
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
const SCHEMA = { create: `${CREATE_MONITOR_SCHEMA}\n${CREATE_RETENTION_TABLE}`, samples: CREATE_SAMPLES_TABLE, migrate: MIGRATE_MONITOR_TABLE };

const DEFAULT_MAX_BUFFERED = 1_000_000;

// `onMoved` hears how many points of an earlier layout the open moved into chunks, when it did.
async function openWorker(dataDir: string | undefined, onCrash: (error: Error) => void, onMoved: (points: number) => void): Promise<WorkerRpc> {
  const rpc = startWorkerRpc(PGLITE_WORKER_URL, 'monitor store', onCrash);
  try {
    const template = await pgliteTemplate();
    const { moved } = await rpc.call<{ moved: number }>('open', { pgdata: dataDir && join(dataDir, 'pgdata'), template, schema: SCHEMA, settings: PGLITE_SETTINGS });
    if (moved > 0) onMoved(moved);
    return rpc;
  } catch (error) {
    await rpc.terminate();
    throw error;
  }
}

const storeWorkers = new WeakMap<MonitorStore, () => Promise<WorkerRpc>>();

/** The worker thread behind `store` (for tests that make it crash). */
export async function workerOf(store: MonitorStore): Promise<WorkerRpc['worker'] | undefined> {
  return (await storeWorkers.get(store)?.())?.worker;
}

/**
 * A monitoring store on PGlite: kept on disk under `dataDir` (locked against a second
 * process), run in a worker thread so that queries never hold up requests, written in batches.
 * A worker that crashes is started again, and the points it had not written go to the new one.
 *
 * @example
 * const store = await createPgliteStore({ dataDir: '.mvi/hello_1.0.0' });
 * store.write([{ variable: 'temperature', timestamp: Date.now(), value: 21.5 }]);
 * await store.close();
 */
export async function createPgliteStore(options: PgliteStoreOptions = {}): Promise<PgliteStore> {
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  let logger = options.logger ?? mviLogger();
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const unlock = dataDir ? await lockDataDir(dataDir, logger) : async () => {};

  let closing: Promise<void> | undefined;
  const workers = restartingWorker(
    (onCrash) => openWorker(dataDir, onCrash, (points) => logger.info(`Moved the ${points} monitoring points of ${dataDir} into the chunks this version keeps them in (once)`)),
    (error) => logger.warn(`The monitoring store's worker stopped (${error.message}); starting it again for the points it has not written`),
  );
  const worker = () => workers.get();
  let opened = false;

  const ready = workers.first.then(
    () => {
      opened = true;
    },
    async (error: unknown) => {
      await unlock();
      throw error;
    },
  );
  // Marked handled here: a caller that opens in the background hears of it through `ready`.
  ready.catch(() => {});
  if (!options.openInBackground) await ready;

  const maxBuffered = options.maxBuffered ?? DEFAULT_MAX_BUFFERED;
  const buffer = createWriteBuffer(async (batch) => (await worker()).call('insert', batch), {
    interval: options.flushInterval ?? 250,
    maxPoints: maxBuffered,
    log: () => logger,
  });
  const parameters = createParameterBuffer(async (names, values) => (await worker()).call('saveParameters', { names, values }));
  const assertOpen = () => {
    if (closing) throw new Error('The monitor store is closed');
  };

  const shutdown = async () => {
    workers.stopRestarting();
    buffer.stop();
    let failure: unknown;
    const rpc = await worker().catch((error: unknown) => void (failure = error));
    if (!rpc) {
      if (!opened) throw new Error(`The monitor store never opened; ${buffer.size} points were not written`, { cause: failure });
      await unlock();
      throw new Error(`The monitor store closed with ${buffer.size} points it could not write`, { cause: failure });
    }
    const drained = await drainBuffers(buffer, parameters);
    const closed = await rpc.call('close').then(() => undefined, (error: unknown) => error);
    await rpc.terminate();
    await unlock();
    endClose(drained, closed);
  };

  // Every query sees the points accepted before it: the buffer is flushed first. A read that a
  // crashing worker took down is asked again of the next one.
  const ask = async <T>(op: string, args?: unknown): Promise<T> => {
    assertOpen();
    await buffer.flush();
    try {
      return await (await worker()).call<T>(op, args);
    } catch (error) {
      if ((error as { code?: string }).code !== WORKER_STOPPED) throw error;
      return (await worker()).call<T>(op, args);
    }
  };
  const toArgs = (query: MonitorQuery) => ({ start: query.start, end: query.end, variables: query.variables });

  // The rows of a dump, read from a cursor as they are consumed; the cursor closes however the reading ends.
  async function* dumpRows(): AsyncGenerator<Uint8Array> {
    const cursor = await ask<number>('dumpOpen');
    const rpc = await worker();
    try {
      for (;;) {
        const piece = await rpc.call<Uint8Array>('dumpNext', { cursor });
        if (piece.length === 0) return;
        yield piece;
      }
    } finally {
      await rpc.call('dumpClose', { cursor }).catch(() => {});
    }
  }
  const streamDump = () => {
    assertOpen();
    return streamSqlDump(dumpRows());
  };

  const store: PgliteStore = {
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
    readJson: (query = {}) => ask<Uint8Array>('readJson', toArgs(query)),
    readCsvZip: (query = {}) => ask<Uint8Array>('readCsvZip', toArgs(query)),
    // The database's collation may differ: sort as the other stores do.
    variables: async () => (await ask<string[]>('variables')).sort(),
    clean(retention: RetentionLimit, now: number) {
      const range = retention.unit === 'rows' ? { keep: retention.limit } : { until: retentionCutoff(retention, now) };
      return ask<number>('clean', { ...range, now });
    },
    lastClean: (now) => ask<number>('lastClean', { now }),
    dump: async () => textOf(streamDump()),
    streamDump,
    status: () => bufferStatus(buffer, maxBuffered),
    logTo(next) {
      logger = next;
    },
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
    stats: () => bufferStats(buffer),
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
  storeWorkers.set(store, worker);
  return store;
}
