import { ENV_NAMES } from '../protocol/env-names.ts';
import { servicePrefix } from '../protocol/service-path.ts';
import { readEnv, type Env } from './_env.ts';

/** Name of this service (`MVI_SERVICE_NAME`, else `fallback`: `unknown`). */
export function getServiceName(env: Env = process.env, fallback = 'unknown'): string {
  return readEnv(env, ENV_NAMES.serviceName) ?? fallback;
}

/** Version of this service (`MVI_SERVICE_VERSION`, else `fallback`: `0.0.0`). */
export function getServiceVersion(env: Env = process.env, fallback = '0.0.0'): string {
  return readEnv(env, ENV_NAMES.serviceVersion) ?? fallback;
}

/**
 * The path this service answers under behind a manager, `/services/{name}_{version}`;
 * `""` while neither name nor version is set, that is when it runs alone.
 */
export function getServiceRootPath(env: Env = process.env): string {
  if (readEnv(env, ENV_NAMES.serviceName) === undefined && readEnv(env, ENV_NAMES.serviceVersion) === undefined) return '';
  return servicePrefix(getServiceName(env), getServiceVersion(env));
}
