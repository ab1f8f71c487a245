import { consola, type ConsolaInstance } from 'consola';
import type { H3 } from 'h3';
import { postNotification } from '../communication/notify.ts';
import { createServiceCaller } from '../communication/service-caller.ts';
import { createEngine, type Engine } from '../engine/create-engine.ts';
import type { MonitorStore } from '../monitor/types.ts';
import { ENV_NAMES } from '../protocol/env-names.ts';
import { descriptionOf } from '../service/description-of.ts';
import type { ServiceLike } from '../service/types.ts';
import type { Env } from '../utilities/_env.ts';
import { getDbCleanInterval } from '../utilities/db-clean-interval.ts';
import { getDbTableLimit } from '../utilities/db-table-limit.ts';
import { readEnv } from '../utilities/_env.ts';
import { createApp, type AppOptions } from './create-app.ts';
import { entrypointFront } from './entrypoint-front.ts';
import type { NodeFront } from './_listen.ts';
import { resolveIdentity } from './resolve-identity.ts';

/** Options of {@link createServiceApp}. */
export interface ServiceAppOptions extends AppOptions {
  /** Where monitoring points go; the service closes it. */
  readonly store: MonitorStore;
  /** Where the environment is read (default `process.env`). */
  readonly env?: Env;
  /** Logger (default consola). */
  readonly logger?: ConsolaInstance;
  /** Put a failing handler's message in its 500 answer (default: when NODE_ENV is development). */
  readonly development?: boolean;
  /** Milliseconds `close()` waits for running jobs before closing the store anyway (default 10 000). */
  readonly shutdownTimeout?: number;
}

/** A service's h3 app and engine, with no port. */
export interface ServiceApp {
  /** The h3 app: `app.request('/hello', …)` or `app.fetch(request)`. */
  readonly app: H3;
  /** The engine behind it. */
  readonly engine: Engine;
  /**
   * The entrypoints that read a body, answered on Node's own request and response: put it ahead
   * of `app` on a Node server (`serve()` does) for a tenth less CPU per call; it returns false for
   * what it leaves to the app. Undefined with CORS on, or when no entrypoint reads a body.
   */
  readonly nodeFront: NodeFront | undefined;
  /** Resolves once parameters kept from an earlier run are restored and the jobs started; rejects when the store cannot give them. */
  readonly started: Promise<void>;
  /** Stops jobs, flushes and closes the store. */
  close(): Promise<void>;
}

// `MVI_ENABLE_CORS` turns CORS on unless it says false; `MVI_ALLOW_ORIGIN` lists origins, `;`-separated.
function corsFromEnv(env: Env): readonly string[] | '*' | false {
  const enabled = readEnv(env, ENV_NAMES.enableCors);
  if (!enabled || /^(false|0|no|off)$/i.test(enabled.trim())) return false;
  const origins = (readEnv(env, ENV_NAMES.allowOrigin) ?? '*').split(';').map((o) => o.trim()).filter(Boolean);
  // h3 reads '*' as "any origin" only as a plain string, not inside a list.
  return origins.length === 0 || origins.includes('*') ? '*' : origins;
}

/**
 * Builds the engine and h3 app of a service, with identity, retention, CORS, calls,
 * notifications and the manager's public key from the environment, and starts its jobs. No
 * port: see `serve()` for that.
 */
export function createServiceApp(service: ServiceLike, options: ServiceAppOptions): ServiceApp {
  const env = options.env ?? process.env;
  const description = descriptionOf(service);
  const identity = resolveIdentity(description, env);
  // A manager told to deploy this code under another name (a path mistyped, say) runs it as
  // that name: said in the version's log, where a user looks when its routes are not where expected.
  if (identity.name !== description.name) {
    (options.logger ?? consola).warn(`The service defines itself as ${description.name} and runs as ${identity.name} ${identity.version}, the name its manager gave it: its routes, data and token are ${identity.name}'s`);
  }
  const engine = createEngine(description, {
    store: options.store,
    logger: options.logger,
    identity,
    shutdownTimeout: options.shutdownTimeout,
    call: createServiceCaller({ env }),
    notify: (notification) => postNotification(notification, env),
    // The environment overrides what the service declares.
    retention: getDbTableLimit(env, description.monitor.retention),
    cleanEvery: getDbCleanInterval(env, description.monitor.cleanEvery),
    exposeErrors: options.development ?? env.NODE_ENV === 'development',
  });
  const appOptions: AppOptions = { cors: corsFromEnv(env), ...options, managerPublicKey: options.managerPublicKey ?? readEnv(env, ENV_NAMES.managerPublicKey) };
  const app = createApp(engine, appOptions);
  const started = engine.start();
  // Marked handled: a caller that never looks hears of it from every request instead.
  started.catch(() => {});
  return { app, engine, nodeFront: entrypointFront(engine, appOptions), started, close: () => engine.close() };
}
