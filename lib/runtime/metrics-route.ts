import { METRICS_CONTENT_TYPE } from '../engine/metrics.ts';
import { fastResponse } from './fast-response.ts';
import { route, type RouteContext } from './route-context.ts';

/** Registers `GET /~metrics`: the service's counters in Prometheus' text format. */
export function registerMetricsRoute(context: RouteContext): void {
  const { metrics } = context.engine;
  route(context, '/~metrics', { GET: () => fastResponse(metrics.render(), { 'content-type': METRICS_CONTENT_TYPE }) });
}
