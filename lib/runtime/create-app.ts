import { H3, handleCors, type H3Event } from 'h3';
import { RESTORING_PARAMETERS, type Engine } from '../engine/create-engine.ts';
import { unknownEntrypoint } from '../engine/unknown-entrypoint.ts';
import { HEALTH_PATH } from '../protocol/routes.ts';
import { registerDocsRoutes } from './docs-routes.ts';
import { logAccess } from './access-log.ts';
import { fastResponse } from './fast-response.ts';
import { registerEntrypointRoutes } from './entrypoint-routes.ts';
import { errorResponse, jsonResponse } from './json-response.ts';
import { managerTokenCheck } from './manager-token-check.ts';
import { registerMetricsRoute } from './metrics-route.ts';
import { registerMonitorRoutes } from './monitor-routes.ts';
import { toOpenApi } from './openapi.ts';
import { registerParameterRoutes } from './parameter-routes.ts';
import { answeredPrefixes, DEFAULT_BODY_LIMIT, route, type RouteContext } from './route-context.ts';

/** Options of {@link createApp}. */
export interface AppOptions {
  /** Largest request body in bytes (default 1 MiB); larger ones get 413. */
  readonly bodyLimit?: number;
  /** Origins allowed by CORS, `'*'` for any, or false for no CORS headers (default false). */
  readonly cors?: readonly string[] | '*' | false;
  /** Write an access-log line per request (default true; entrypoints and parameters may opt out). */
  readonly accessLog?: boolean;
  /**
   * The manager's public key (JWK, JSON text): while set, every route but `/~health` answers only
   * requests with a token the manager signed (default `MVI_MANAGER_PUBLIC_KEY` in `serve()`).
   */
  readonly managerPublicKey?: string;
}

// Paths whose routes asked for no access-log lines, under every prefix.
function silencedPaths(engine: Engine, prefixes: readonly string[]): Set<string> {
  const { entrypoints, parameters } = engine.description;
  const paths = [
    ...Object.values(entrypoints).filter((e) => !e.httpLogs).map((e) => `/${e.name}`),
    ...Object.values(parameters).filter((p) => !p.httpLogs).map((p) => `/~parameters/${p.name}`),
  ];
  return new Set(prefixes.flatMap((prefix) => paths.map((path) => `${prefix}${path}`)));
}

/** Whether `cors` turns CORS on (an empty list does not): then every answer is h3's, which adds its headers. */
export const corsOn = (cors: AppOptions['cors']): cors is readonly string[] | '*' => Boolean(cors && cors.length);

/**
 * The h3 app of a running engine: every route of the wire protocol under `""` and under the
 * engine's root path. Use `app.request()` to call it without a port.
 */
export function createApp(engine: Engine, options: AppOptions = {}): H3 {
  const { rootPath } = engine.identity;
  const prefixes = answeredPrefixes(engine);
  const silenced = silencedPaths(engine, prefixes);
  // Health is probed every few seconds (the manager, Kubernetes): a ready answer is no news, nor
  // is a start's "restoring parameters" (the manager probes every 100 ms meanwhile).
  const health = new Set(prefixes.map((prefix) => `${prefix}${HEALTH_PATH}`));
  const quietHealth = (status: number) => status === 200 || engine.unrestored === RESTORING_PARAMETERS;
  const started = new WeakMap<H3Event, number>();
  const cors = options.cors;
  // The hooks cost each request a few promise hops: only there when the log is wanted.
  const accessLog = options.accessLog === false ? {} : {
    onRequest(event: H3Event) {
      started.set(event, performance.now());
    },
    onResponse(response: Response, event: H3Event) {
      if (silenced.has(event.url.pathname) || (health.has(event.url.pathname) && quietHealth(response.status))) return;
      logAccess(engine.log, event.req.method, event.url.pathname, response.status, started.get(event) ?? performance.now());
    },
  };
  const app = new H3({ ...accessLog, onError: (error) => errorResponse(error, engine.log) });
  if (options.managerPublicKey) app.use(managerTokenCheck({ publicKey: options.managerPublicKey, prefixes }));
  if (corsOn(cors)) {
    const origin = cors === '*' ? '*' : [...cors];
    app.use((event) => {
      const preflight = handleCors(event, { origin, methods: '*', allowHeaders: '*', exposeHeaders: '*' });
      if (preflight !== false) return preflight;
    });
  }

  const context: RouteContext = { app, engine, prefixes, bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT };
  registerEntrypointRoutes(context);
  registerParameterRoutes(context);
  registerMonitorRoutes(context);
  registerMetricsRoute(context);

  let openapi: string | undefined;
  route(context, '/openapi.json', {
    GET: () => fastResponse((openapi ??= JSON.stringify(toOpenApi({ ...engine.description, name: engine.identity.name, version: engine.identity.version }, { serverUrl: rootPath, managerToken: Boolean(options.managerPublicKey) }))), { 'content-type': 'application/json' }),
  });
  registerDocsRoutes(context);
  route(context, HEALTH_PATH, {
    GET() {
      const { name: service, version } = engine.identity;
      const { failing, full } = engine.store.status();
      // Until the kept parameters are back every call waits for them (~1.3 s of PGlite opening at
      // a start): ready only then, so that a manager or a balancer sends no call to wait.
      const store = engine.unrestored ?? (failing === undefined ? (full ? 'write buffer full' : undefined) : `cannot write: ${failing}`);
      return store ? jsonResponse({ status: 'not ready', service, version, store }, 503) : jsonResponse({ status: 'ok', service, version });
    },
  });
  // Longest first, so that `/services/x_1/y` is read under the root path, not under "".
  const byLength = [...prefixes].sort((a, b) => b.length - a.length);
  app.all('/**', (event) => {
    const path = event.url.pathname;
    const prefix = byLength.find((p) => path.startsWith(`${p}/`)) ?? '';
    return errorResponse(unknownEntrypoint(path.slice(prefix.length + 1), engine.description.entrypoints), engine.log);
  });
  return app;
}
