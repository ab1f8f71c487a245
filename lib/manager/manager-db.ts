import type { ConsolaInstance } from 'consola';
import { consola } from 'consola';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { lockDataDir } from '../monitor/data-dir-lock.ts';
import { pgliteTemplate } from '../monitor/pglite-template.ts';
import { startWorkerRpc } from '../monitor/worker-rpc.ts';

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

/**
 * Opens the manager's database under `dataDir` (created from the shipped template when new,
 * locked against a second manager), or in memory when `dataDir` is undefined.
 */
export async function openManagerDb(dataDir?: string, logger: ConsolaInstance = consola): Promise<ManagerDb> {
  const pgdata = dataDir && join(dataDir, 'pgdata');
  let unlock = async () => {};
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    unlock = await lockDataDir(dataDir);
  }
  // A database that stops under the manager fails every later call with this error, logged once here.
  const rpc = startWorkerRpc(WORKER_URL, 'the manager database', (error) => logger.error('The manager database stopped:', error));
  try {
    const fresh = !pgdata || !existsSync(join(pgdata, 'PG_VERSION'));
    await rpc.call('open', { pgdata, template: fresh ? await pgliteTemplate() : undefined, settings: SETTINGS });
    let closing: Promise<void> | undefined;
    return {
      pg: {
        query: (sql, params = []) => rpc.call('query', { sql, params }),
        exec: (sql) => rpc.call('exec', { sql }),
      },
      close: () => (closing ??= rpc.call('close').finally(() => rpc.terminate()).finally(unlock)),
    };
  } catch (error) {
    await rpc.terminate();
    await unlock();
    throw error;
  }
}
