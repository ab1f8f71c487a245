import { ApiError } from './_api-error.ts';

/**
 * The error a read of one of an mvi service's own routes (`/~monitor`, `/~parameters`) failed
 * with, for people. A 404 there means the version is no mvi service (a command's, a Python
 * `http.server` say): the manager's list of versions does not tell them apart, so the page
 * offers what only mvi services have, and says why it fails.
 */
export function serviceRouteError(error: unknown, route: string, what: string): unknown {
  if (!(error instanceof ApiError) || error.status !== 404) return error;
  return new ApiError(404, [`This version answers ${route} with 404: it is not an mvi service (a version deployed with a command, say), and only mvi services have ${what}.`]);
}
