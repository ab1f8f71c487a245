import { readEnv, type Env } from './_env.ts';

// Ours first, then the seed's, then its successor's, so a service runs under either manager.
const NAME = ['MVI_SERVICE_NAME', 'mvi.name', 'daeploy.name'];
const VERSION = ['MVI_SERVICE_VERSION', 'mvi.version', 'daeploy.version'];

/** Name of this service (`MVI_SERVICE_NAME`, else `fallback`: `unknown`). */
export function getServiceName(env: Env = process.env, fallback = 'unknown'): string {
  return readEnv(env, NAME) ?? fallback;
}

/** Version of this service (`MVI_SERVICE_VERSION`, else `fallback`: `0.0.0`). */
export function getServiceVersion(env: Env = process.env, fallback = '0.0.0'): string {
  return readEnv(env, VERSION) ?? fallback;
}

/**
 * The path this service answers under behind a manager, `/services/{name}_{version}`;
 * `""` while neither name nor version is set, that is when it runs alone.
 */
export function getServiceRootPath(env: Env = process.env): string {
  if (readEnv(env, NAME) === undefined && readEnv(env, VERSION) === undefined) return '';
  return `/services/${getServiceName(env)}_${getServiceVersion(env)}`;
}
