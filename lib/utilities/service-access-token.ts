import { ENV_NAMES } from '../protocol/env-names.ts';
import { readEnv, type Env } from './_env.ts';

/** The bearer token this service uses towards its manager (`MVI_SERVICE_TOKEN`), if any. */
export function getServiceAccessToken(env: Env = process.env): string | undefined {
  return readEnv(env, ENV_NAMES.serviceToken);
}
