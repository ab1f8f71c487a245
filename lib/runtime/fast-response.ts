import { STATUS_CODES } from 'node:http';
import { FastResponse } from 'srvx';

/**
 * srvx's FastResponse with the standard reason phrase, so `curl -i` shows `200 OK`: srvx sends
 * an empty one unless it is set.
 */
export function fastResponse(body: ConstructorParameters<typeof FastResponse>[0], headers: Readonly<Record<string, string>>, status = 200): Response {
  return new FastResponse(body, { status, statusText: STATUS_CODES[status] ?? '', headers });
}
