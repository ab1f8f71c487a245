/**
 * The environment variables that a manager writes and a service reads, each with the names read
 * in order: ours first, then the seed's (`mvi.*`), then its successor's (`daeploy.*`,
 * `DAEPLOY_*`), so that a service runs under either manager. The manager writes every name of a
 * list (see `serviceEnvironment()`), so a seed service finds its own.
 */
export const ENV_NAMES = Object.freeze({
  serviceName: ['MVI_SERVICE_NAME', 'mvi.name', 'daeploy.name'],
  serviceVersion: ['MVI_SERVICE_VERSION', 'mvi.version', 'daeploy.version'],
  serviceToken: ['MVI_SERVICE_TOKEN', 'mvi.auth', 'daeploy.auth'],
  managerUrl: ['MVI_MANAGER_URL', 'DAEPLOY_MANAGER_URL'],
  managerHostname: ['MVI_MANAGER_HOSTNAME', 'DAEPLOY_MANAGER_HOSTNAME'],
  managerPublicKey: ['MVI_MANAGER_PUBLIC_KEY'],
  dataDir: ['MVI_DATA_DIR'],
  databaseUrl: ['MVI_DATABASE_URL'],
  replicaId: ['MVI_REPLICA_ID'],
  dbTableLimit: ['MVI_SERVICE_DB_TABLE_LIMIT', 'DAEPLOY_SERVICE_DB_TABLE_LIMIT'],
  dbCleanInterval: ['MVI_SERVICE_DB_CLEAN_INTERVAL', 'DAEPLOY_SERVICE_DB_CLEAN_INTERVAL'],
  enableCors: ['MVI_ENABLE_CORS', 'DAEPLOY_ENABLE_CORS'],
  allowOrigin: ['MVI_ALLOW_ORIGIN', 'DAEPLOY_ALLOW_ORIGIN'],
  port: ['PORT'],
  host: ['HOST'],
  adminPassword: ['MVI_ADMIN_PASSWORD'],
  smtpUrl: ['MVI_SMTP_URL'],
  smtpFrom: ['MVI_SMTP_FROM'],
} as const satisfies Record<string, readonly [string, ...string[]]>);

/** One variable of {@link ENV_NAMES}, by its key. */
export type EnvKey = keyof typeof ENV_NAMES;
