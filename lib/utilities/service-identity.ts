import { readEnv, type Env } from './_env.ts';

// Ours first, then the seed's, then its successor's, so a service runs under either manager.
const NAME = ['MVI_SERVICE_NAME', 'mvi.name', 'daeploy.name'];
const VERSION = ['MVI_SERVICE_VERSION', 'mvi.version', 'daeploy.version'];

/** Name of this service (`MVI_SERVICE_NAME`, default `unknown`). */
export function getServiceName(env: Env = process.env): string {
  return readEnv(env, NAME) ?? 'unknown';
}

/** Version of this service (`MVI_SERVICE_VERSION`, default `0.0.0`). */
export function getServiceVersion(env: Env = process.env): string {
  return readEnv(env, VERSION) ?? '0.0.0';
}

/**
 * The path this service answers under behind a manager, `/services/{name}_{version}`;
 * `""` while neither name nor version is set, that is when it runs alone.
 */
export function getServiceRootPath(env: Env = process.env): string {
  if (readEnv(env, NAME) === undefined && readEnv(env, VERSION) === undefined) return '';
  return `/services/${getServiceName(env)}_${getServiceVersion(env)}`;
}
