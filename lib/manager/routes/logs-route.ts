import { getQuery, type H3 } from 'h3';
import * as v from 'valibot';
import { httpError } from '../../engine/http-error.ts';
import { unwrap } from '../../engine/validate.ts';
import { fastResponse } from '../../runtime/fast-response.ts';
import type { LogsQuery } from '../../protocol/logs-query.ts';
import { MANAGER_ROUTES } from '../../protocol/routes.ts';
import { ServiceNameSchema, ServiceVersionSchema } from '../../protocol/service-names.ts';
import { ROUTE_ROLES } from '../auth/route-roles.ts';
import type { ManagerParts } from '../create-manager-app.ts';
import type { LogFile } from '../process/log-file.ts';
import { readLogTail } from '../process/read-log-tail.ts';

/**
 * {@link LogsQuery} as this route reads it, keyed by its members; a follow of `1` or `''` (a bare
 * `?follow`) is on too. Here, not beside `logsPath`: the dashboard bundles that file, and its
 * build keeps an unused valibot schema there, on the login page too.
 */
export const LogsQuerySchema = v.object({
  name: ServiceNameSchema,
  version: ServiceVersionSchema,
  // The message on the union: valibot words a failed union by its options' types otherwise.
  tail: v.optional(v.union([v.literal('all'), v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number))], 'tail is a number of lines, or all'), 'all'),
  follow: v.optional(v.pipe(v.picklist(['true', 'false', '1', '0', '']), v.transform((flag) => flag === 'true' || flag === '1' || flag === '')), 'false'),
} satisfies Record<keyof LogsQuery, v.GenericSchema>);

const TEXT = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };

// The tail, then every chunk written, until the client goes away or the log closes (a kill, the
// manager stopping). Reading the tail and subscribing happen in one tick: log writes are
// synchronous, so no chunk is lost or sent twice between them.
function follow(log: LogFile, lines: number | undefined): ReadableStream<Uint8Array> {
  let unsubscribe = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(readLogTail(log.paths(), lines));
      unsubscribe = log.subscribe((chunk) => {
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      });
    },
    cancel: () => unsubscribe(),
  });
}

/** `GET /services/~logs?name&version&tail&follow`: a version's log as text, streamed while following. */
export function registerLogsRoute(app: H3, { host, auth }: ManagerParts): void {
  app.get(MANAGER_ROUTES.logs, async (event) => {
    await auth.require(event, ROUTE_ROLES.logs);
    const query = unwrap<typeof LogsQuerySchema>(await LogsQuerySchema['~standard'].validate(getQuery(event)), ['query']);
    const log = host.log(query.name, query.version);
    if (!log) throw httpError(404, `No version ${query.version} of ${query.name}`);
    const lines = query.tail === 'all' ? undefined : query.tail;
    if (query.follow) return new Response(follow(log, lines), { headers: TEXT });
    return fastResponse(readLogTail(log.paths(), lines), TEXT);
  });
}
