import { ENV_NAMES } from '../protocol/env-names.ts';
import { findEnv, readEnv, type Env } from './_env.ts';

/**
 * Where the manager running this service is reached (`MVI_MANAGER_URL`, default
 * `http://localhost:4000`), without a trailing slash; throws a TypeError when it is not
 * an http(s) URL.
 */
export function getManagerUrl(env: Env = process.env): string {
  const entry = findEnv(env, ENV_NAMES.managerUrl) ?? { name: ENV_NAMES.managerUrl[0], value: 'http://localhost:4000' };
  const parsed = URL.canParse(entry.value) ? new URL(entry.value) : undefined;
  if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') {
    throw new TypeError(`${entry.name} ${JSON.stringify(entry.value)} is not an http(s) URL such as http://localhost:4000`);
  }
  return entry.value.replace(/\/+$/, '');
}

/** The manager's hostname (`MVI_MANAGER_HOSTNAME`, default `localhost`): authorized for the token, and the `Host` of `getHeaders()`. */
export function getManagerHostname(env: Env = process.env): string {
  return readEnv(env, ENV_NAMES.managerHostname) ?? 'localhost';
}
