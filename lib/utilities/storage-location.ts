import { hostname } from 'node:os';
import { ENV_NAMES } from '../protocol/env-names.ts';
import { readEnv, type Env } from './_env.ts';

/** The folder where the embedded database keeps its data (`MVI_DATA_DIR`, default `.mvi`). */
export function getDataDir(env: Env = process.env): string {
  return readEnv(env, ENV_NAMES.dataDir) ?? '.mvi';
}

/** The PostgreSQL server to keep monitoring data in (`MVI_DATABASE_URL`), if any. */
export function getDatabaseUrl(env: Env = process.env): string | undefined {
  return readEnv(env, ENV_NAMES.databaseUrl);
}

/**
 * Which replica of its version this process is (`MVI_REPLICA_ID`, default `<hostname>-<pid>`):
 * the PostgreSQL store tags every point it writes with it.
 */
export function getReplicaId(env: Env = process.env): string {
  return readEnv(env, ENV_NAMES.replicaId) ?? `${hostname()}-${process.pid}`;
}
