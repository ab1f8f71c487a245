import { readEnv, type Env } from './_env.ts';

const TOKEN = ['MVI_SERVICE_TOKEN', 'mvi.auth', 'daeploy.auth'];

/** The bearer token this service uses towards its manager (`MVI_SERVICE_TOKEN`), if any. */
export function getServiceAccessToken(env: Env = process.env): string | undefined {
  return readEnv(env, TOKEN);
}
