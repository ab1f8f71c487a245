import { getQuery, type H3Event } from 'h3';
import { httpError } from '../engine/http-error.ts';
import type { MonitorQuery } from '../monitor/types.ts';
import { toFileName } from '../utilities/_file-name.js';
import { fastResponse } from './fast-response.ts';
import { parseTimestamp } from './parse-timestamp.ts';
import { route, type RouteContext } from './route-context.ts';

function toQuery(event: H3Event): MonitorQuery {
  const query = getQuery<Record<string, string | string[] | undefined>>(event);
  const one = (name: string) => {
    const value = query[name];
    return Array.isArray(value) ? value[value.length - 1] : value;
  };
  const start = one('start');
  const end = one('end');
  const variables = query.variables === undefined ? undefined : [query.variables].flat();
  return {
    start: start ? parseTimestamp(start, 'start') : undefined,
    end: end ? parseTimestamp(end, 'end') : undefined,
    variables: variables?.length ? variables : undefined,
  };
}

/** Registers `GET /~monitor`, `/~monitor/csv` (a zip) and `/~monitor/db` (a SQL dump). */
export function registerMonitorRoutes(context: RouteContext): void {
  const { engine } = context;
  const { store } = engine;
  // A read first writes the points accepted before it: while writes fail, it cannot answer.
  const assertReadable = () => {
    const { failing } = store.status();
    if (failing !== undefined) throw httpError(503, `The monitoring store cannot write: ${failing}`);
  };
  route(context, '/~monitor', {
    async GET(event) {
      assertReadable();
      return fastResponse(await engine.monitorJson(toQuery(event)), { 'content-type': 'application/json' });
    },
  });
  route(context, '/~monitor/csv', {
    async GET(event) {
      assertReadable();
      if ((await store.variables()).length === 0) throw httpError(412, 'No monitored variables exists');
      return fastResponse(await engine.monitorCsvZip(toQuery(event)), { 'content-type': 'application/zip', 'content-disposition': 'attachment; filename="csv_data.zip"' });
    },
  });
  route(context, '/~monitor/db', {
    async GET() {
      assertReadable();
      const name = toFileName(`${engine.identity.name}_${engine.identity.version}`);
      // Pulled piece by piece as the client reads: memory stays flat however large the store.
      return fastResponse(ReadableStream.from(store.streamDump()), {
        'content-type': 'application/sql; charset=utf-8',
        'content-disposition': `attachment; filename="${name}_monitor.sql"`,
      });
    },
  });
}
