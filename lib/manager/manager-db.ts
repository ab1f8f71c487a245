import { PGlite } from '@electric-sql/pglite';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { lockDataDir } from '../monitor/data-dir-lock.ts';
import { pgliteTemplate } from '../monitor/pglite-template.ts';
import { templateBlob } from '../monitor/template-blob.js';

/** The manager's own database: its registry, users, tokens and notifications. */
export interface ManagerDb {
  /** PGlite, open; queries take `$1`-style parameters, never values built into SQL. */
  readonly pg: PGlite;
  /** Closes the database and releases its folder; idempotent. */
  close(): Promise<void>;
}

// The manager's tables are small and written rarely (deploys, logins, notifications), so PGlite
// runs on the manager's own thread; nothing on the gateway's path queries it.
const SETTINGS = ['shared_buffers=16MB', 'max_wal_size=32MB', 'TimeZone=UTC'].flatMap((s) => ['-c', s]);

/**
 * Opens the manager's database under `dataDir` (created from the shipped template when new,
 * locked against a second manager), or in memory when `dataDir` is undefined.
 */
export async function openManagerDb(dataDir?: string): Promise<ManagerDb> {
  const pgdata = dataDir && join(dataDir, 'pgdata');
  let unlock = async () => {};
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
    unlock = await lockDataDir(dataDir);
  }
  try {
    const fresh = !pgdata || !existsSync(join(pgdata, 'PG_VERSION'));
    const template = fresh ? await pgliteTemplate() : undefined;
    const pg = await PGlite.create({
      dataDir: pgdata,
      loadDataDir: template ? await templateBlob(template) : undefined,
      startParams: [...PGlite.defaultStartParams, ...SETTINGS],
    });
    let closing: Promise<void> | undefined;
    return {
      pg,
      close: () => (closing ??= pg.close().finally(unlock)),
    };
  } catch (error) {
    await unlock();
    throw error;
  }
}
