import type { ConsolaInstance } from 'consola';
import { consola } from 'consola';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { lockDataDir } from '../monitor/data-dir-lock.ts';
import { pgliteTemplate } from '../monitor/pglite-template.ts';
import { restartingWorker } from '../monitor/restarting-worker.ts';
import { startWorkerRpc, type WorkerRpc } from '../monitor/worker-rpc.ts';

/** What the manager's stores ask of its database: PGlite's `query` and `exec`, across a thread. */
export interface ManagerSql {
  /** One statement; values only as `$1`-style parameters, never built into the SQL. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ readonly rows: T[]; readonly affectedRows?: number }>;
  /** Statements without parameters (the stores' schemas). */
  exec(sql: string): Promise<void>;
}

/** The manager's own database: its registry, users, tokens and notifications. */
export interface ManagerDb {
  /** PGlite, open in a worker thread (lib/manager/manager-db-worker.js says why). */
  readonly pg: ManagerSql;
  /** Closes the database and releases its folder; idempotent. */
  close(): Promise<void>;
}

const WORKER_URL = new URL('./manager-db-worker.js', import.meta.url);
const SETTINGS = ['shared_buffers=16MB', 'max_wal_size=32MB', 'TimeZone=UTC'].flatMap((s) => ['-c', s]);

const databases = new WeakMap<ManagerDb, () => Promise<WorkerRpc>>();

/** The worker thread behind `db` (for tests that make it crash). */
export async function managerDbWorker(db: ManagerDb): Promise<WorkerRpc['worker'] | undefined> {
  return (await databases.get(db)?.())?.worker;
}

/**
 * Opens the manager's database under `dataDir` (created from the shipped template when new,
 * locked against a second manager), or in memory when `dataDir` is undefined. A worker that
 * crashes is started again on the same folder; the calls it was answering fail.
 */
export async function openManagerDb(dataDir?: string, logger: ConsolaInstance = consola): Promise<ManagerDb> {
  const pgdata = dataDir && join(dataDir, 'pgdata');
  let unlock = async () => {};
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    unlock = await lockDataDir(dataDir);
  }
  const open = async (onCrash: (error: Error) => void) => {
    const rpc = startWorkerRpc(WORKER_URL, 'the manager database', onCrash);
    try {
      const fresh = !pgdata || !existsSync(join(pgdata, 'PG_VERSION'));
      await rpc.call('open', { pgdata, template: fresh ? await pgliteTemplate() : undefined, settings: SETTINGS });
      return rpc;
    } catch (error) {
      await rpc.terminate();
      throw error;
    }
  };
  const workers = restartingWorker(open, (error) => logger.error(`The manager's database stopped (${error.message}); opening it again`));
  try {
    await workers.first;
  } catch (error) {
    await unlock();
    throw error;
  }
  let closing: Promise<void> | undefined;
  const db: ManagerDb = {
    pg: {
      query: async (sql, params = []) => (await workers.get()).call('query', { sql, params }),
      exec: async (sql) => (await workers.get()).call('exec', { sql }),
    },
    close: () => (closing ??= (async () => {
      workers.stopRestarting();
      const rpc = await workers.get().catch(() => undefined);
      try {
        await rpc?.call('close');
      } finally {
        await rpc?.terminate();
        await unlock();
      }
    })()),
  };
  databases.set(db, () => workers.get());
  return db;
}
