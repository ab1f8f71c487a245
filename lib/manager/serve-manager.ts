import { consola, type ConsolaInstance } from 'consola';
import type { H3 } from 'h3';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { listen, listenAddress } from '../runtime/_listen.ts';
import { surviveLostOutput } from '../runtime/lost-output.ts';
import { jsonResponse } from '../runtime/json-response.ts';
import { closeOnSignal } from '../runtime/shutdown-signals.ts';
import { getDatabaseUrl, getDataDir } from '../utilities/storage-location.ts';
import { createAuth } from './auth/create-auth.ts';
import { createGateway } from './gateway/create-gateway.ts';
import { createNotifications } from './notifications/create-notifications.ts';
import { createManagerApp } from './create-manager-app.ts';
import { createServiceHost } from './create-service-host.ts';
import { openManagerDb } from './manager-db.ts';
import { createRegistry } from './registry/registry.ts';
import { gatewayFront } from './routes/gateway-route.ts';
import type { NodeFront } from '../runtime/_listen.ts';
import { UPLOAD_LIMIT } from './routes/read-deploy-request.ts';
import type { Gateway, Notifications } from './types.ts';

/** Options of {@link serveManager}. */
export interface ManagerOptions {
  /** Port (default `PORT`, else 4000; 0 picks a free one). */
  readonly port?: number;
  /** Address to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** Folder of the manager's state (default `MVI_DATA_DIR`, else `.mvi`): its database in `manager/`, each version's data in `services/{name}_{version}/`, uploaded sources in `sources/`, logs in `logs/`. */
  readonly dataDir?: string;
  /** Check tokens on every route (default true); false makes every request an admin's. */
  readonly auth?: boolean;
  /** Where `MVI_*` settings are read, and what services' environments start from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Logger (default consola). */
  readonly logger?: ConsolaInstance;
  /** On SIGINT and SIGTERM, close the manager (its services stop) and exit (default true). */
  readonly handleSignals?: boolean;
  /** Milliseconds a deployed version may take to become healthy (default 30 000). */
  readonly startTimeout?: number;
  /** Milliseconds a version gets after SIGTERM before SIGKILL (default 10 000). */
  readonly stopTimeout?: number;
  /** Milliseconds between health checks of each running replica (default 2 000); two failed in a row take it out of the gateway's rotation until one passes. */
  readonly healthInterval?: number;
  /** A PostgreSQL server that every replica keeps its monitoring in, given to each as `MVI_DATABASE_URL` (default `MVI_DATABASE_URL` of `env`). */
  readonly databaseUrl?: string;
}

/** A running manager. */
export interface RunningManager {
  /** e.g. `http://127.0.0.1:4000`. */
  readonly url: string;
  /** Stops accepting, stops every service (they come back on the next start), closes the database. */
  close(): Promise<void>;
}

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

// The address services reach the manager at: a wildcard address is not one to connect to.
function reachableUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.hostname === '0.0.0.0' || parsed.hostname === '[::]') parsed.hostname = '127.0.0.1';
  return parsed.origin;
}

/**
 * Starts the manager: its database, registry and process runtime, auth, gateway and
 * notifications, on one port (default 127.0.0.1:4000), its state under `dataDir`; then brings
 * back, in the background, the services that ran when it last stopped.
 * @example
 * const { url, close } = await serveManager({ port: 4000, dataDir: '/var/lib/mvi' });
 */
export async function serveManager(options: ManagerOptions = {}): Promise<RunningManager> {
  surviveLostOutput();
  const env = options.env ?? process.env;
  const logger = options.logger ?? consola;
  const dataDir = resolve(options.dataDir ?? getDataDir(env));
  const authEnabled = options.auth !== false;
  let app: H3 | undefined;
  let front: NodeFront | undefined;
  // The port is taken first: when it is in use, nothing is made (no data folder, and no admin
  // whose password would be printed once above the error, and never again).
  const listening = await listen({
    fetch: (request) => (app ? app.fetch(request) : jsonResponse({ detail: 'Starting: retry in a moment' }, 503, { 'retry-after': '1' })),
    // Not HOST of the environment (tcsh and csh set it to the machine's name): a manager runs
    // commands, and listens beyond this machine only when told with --host.
    ...listenAddress({ port: options.port, host: options.host ?? '127.0.0.1' }, env, 4000),
    bodyLimit: UPLOAD_LIMIT,
    front: (request, response) => front?.(request, response) ?? false,
  });
  const url = reachableUrl(listening.url!);
  // What is open when a later step fails, to close again.
  let opened: Awaited<ReturnType<typeof openManagerDb>> | undefined;
  let parts: { readonly gateway: Gateway; readonly notifications: Notifications } | undefined;
  try {
    const db = (opened = await openManagerDb(join(dataDir, 'manager'), logger));
    const registry = await createRegistry(db.pg);
    const auth = await createAuth({ db, enabled: authEnabled, env, logger });
    const notifications = await createNotifications({ db, env, logger, version: VERSION });
    const gateway = createGateway({ logger, managerToken: () => auth.managerToken() });
    parts = { gateway, notifications };
    const host = createServiceHost({
      registry,
      auth,
      dataDir,
      managerUrl: url,
      env,
      logger,
      timing: { startTimeout: options.startTimeout, stopGrace: options.stopTimeout, healthInterval: options.healthInterval },
      databaseUrl: options.databaseUrl ?? getDatabaseUrl(env),
      notify: (notification) => notifications.add(notification),
    });
    const managerParts = { host, auth, gateway, notifications, logger, version: VERSION };
    app = createManagerApp(managerParts);
    front = gatewayFront(managerParts);
    host.restore();
    logger.info(`mvi manager ${VERSION} listening on ${url}`);
    let closing: Promise<void> | undefined;
    let unregister = () => {};
    const close = () => (closing ??= (async () => {
      unregister();
      const http = listening.node?.server;
      const idle = setInterval(() => http && 'closeIdleConnections' in http && http.closeIdleConnections(), 50);
      const stopped = listening.close();
      try {
        await host.close();
        await Promise.allSettled([gateway.close(), notifications.close()]);
        await stopped;
      } finally {
        clearInterval(idle);
        await db.close();
      }
    })());
    if (options.handleSignals !== false) unregister = closeOnSignal(close, 'the manager (stopping its services, which come back at its next start)');
    return { url, close };
  } catch (error) {
    await listening.close(true);
    await Promise.allSettled([parts?.gateway.close(), parts?.notifications.close()]);
    await opened?.close();
    throw error;
  }
}
