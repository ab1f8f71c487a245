import { FastResponse } from 'srvx';
import { METRICS_CONTENT_TYPE } from '../engine/metrics.ts';
import { route, type RouteContext } from './route-context.ts';

/** Registers `GET /~metrics`: the service's counters in Prometheus' text format. */
export function registerMetricsRoute(context: RouteContext): void {
  const { metrics } = context.engine;
  route(context, '/~metrics', { GET: () => new FastResponse(metrics.render(), { headers: { 'content-type': METRICS_CONTENT_TYPE } }) });
}
