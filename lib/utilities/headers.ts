import { managerRequestHeaders } from '../protocol/headers.ts';
import type { Env } from './_env.ts';
import { getManagerHostname } from './manager-location.ts';
import { getServiceAccessToken } from './service-access-token.ts';

/**
 * The headers of a request to the manager: `Authorization: Bearer {token}` (left out while
 * no token is set), `Content-Type: application/json` and `Host: {manager hostname}`.
 */
export function getHeaders(env: Env = process.env): Record<string, string> {
  return managerRequestHeaders(getServiceAccessToken(env), getManagerHostname(env));
}
