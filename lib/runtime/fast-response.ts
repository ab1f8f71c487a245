import { STATUS_CODES } from 'node:http';
import { FastResponse } from 'srvx';

/** The standard reason phrase of `status`, empty for a status without one (`299`). */
export const reasonPhrase = (status: number): string => STATUS_CODES[status] ?? '';

/**
 * srvx's FastResponse with the standard reason phrase, so `curl -i` shows `200 OK`: srvx sends
 * an empty one unless it is set.
 */
export function fastResponse(body: ConstructorParameters<typeof FastResponse>[0], headers: Readonly<Record<string, string>>, status = 200): Response {
  return new FastResponse(body, { status, statusText: reasonPhrase(status), headers });
}
