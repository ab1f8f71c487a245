import { consola, type ConsolaInstance } from 'consola';
import { join } from 'node:path';
import type { H3 } from 'h3';
import type { Server } from 'srvx';
import type { Engine } from '../engine/create-engine.ts';
import { createPgliteStore, type PgliteStore } from '../monitor/pglite-store.ts';
import { postgresSchemaOf } from '../monitor/postgres-schema.ts';
import type { MonitorStore } from '../monitor/types.ts';
import { descriptionOf } from '../service/description-of.ts';
import type { ServiceIdentity, ServiceLike } from '../service/types.ts';
import type { Env } from '../utilities/_env.ts';
import { getDatabaseUrl, getDataDir, getReplicaId } from '../utilities/storage-location.ts';
import { listen, listenAddress, type NodeFront } from './_listen.ts';
import { surviveLostOutput } from './lost-output.ts';
import type { AppOptions } from './create-app.ts';
import { createServiceApp } from './create-service-app.ts';
import { toFileName } from '../utilities/_file-name.js';
import { jsonResponse } from './json-response.ts';
import { resolveIdentity } from './resolve-identity.ts';
import { DEFAULT_BODY_LIMIT } from './route-context.ts';
import { closeOnSignal } from './shutdown-signals.ts';

/** Options of {@link serve}. */
export interface ServeOptions extends AppOptions {
  /** Port (default `PORT`, else 8000; 0 picks a free one). */
  readonly port?: number;
  /** Address to listen on (default `HOST`, else 127.0.0.1). */
  readonly host?: string;
  /** Monitoring store (default: PostgreSQL at `databaseUrl` when one is given, else PGlite persisted under `dataDir`). */
  readonly store?: MonitorStore;
  /**
   * A PostgreSQL server to keep monitoring data in, shared by the replicas of a version (default
   * `MVI_DATABASE_URL`): each service version gets its own schema, jobs run on one replica at a
   * time and parameters reach them all.
   */
  readonly databaseUrl?: string;
  /** Which replica this is, as its points are tagged in PostgreSQL (default `MVI_REPLICA_ID`, else `<hostname>-<pid>`). */
  readonly replicaId?: string;
  /** Folder of the embedded database (default `MVI_DATA_DIR`, else `.mvi`); each service version gets its own sub-folder. */
  readonly dataDir?: string;
  /** Where the environment is read (default `process.env`). */
  readonly env?: Env;
  /** Logger (default consola). */
  readonly logger?: ConsolaInstance;
  /**
   * On SIGINT and SIGTERM, close this and every other service served in the process, then exit
   * the process (default true). Pass false to own the signals and call `close()` yourself.
   */
  readonly handleSignals?: boolean;
  /** Milliseconds that in-flight requests, then running jobs, get to finish on close (default 10 000). */
  readonly shutdownTimeout?: number;
  /** Put a failing handler's message in its 500 answer (default: when NODE_ENV is development). */
  readonly development?: boolean;
}

/** A service listening on a port. */
export interface RunningService {
  /** Base URL, root path included, e.g. `http://127.0.0.1:8000`. */
  readonly url: string;
  /** The interactive docs page. */
  readonly docsUrl: string;
  /** The h3 app. */
  readonly app: H3;
  /** The engine. */
  readonly engine: Engine;
  /** Stops accepting, finishes in-flight requests, stops jobs, flushes and closes the store. */
  close(): Promise<void>;
}

// Stops accepting, gives in-flight requests `timeout` ms, then stops jobs and closes the store; once.
function closerOf(server: Server, engine: Engine, timeout: number): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= (async () => {
      const force = setTimeout(() => void server.close(true), timeout);
      // A keep-alive connection whose request just finished would hold close() for its whole
      // idle timeout: close idle ones as they appear.
      const http = server.node?.server;
      const idle = setInterval(() => http && 'closeIdleConnections' in http && http.closeIdleConnections(), 50);
      try {
        await server.close();
      } finally {
        clearTimeout(force);
        clearInterval(idle);
      }
      await engine.close();
    })();
    return closing;
  };
}

// The folder is locked once the port is taken (a port in use leaves nothing on disk); PGlite
// then opens in the background while the service already answers (its writes wait in the
// store's buffer), which takes a few hundred ms off every start.
function defaultStore(options: ServeOptions, env: Env, identity: ServiceIdentity): Promise<PgliteStore | MonitorStore> {
  const url = options.databaseUrl ?? getDatabaseUrl(env);
  if (url) {
    const schema = postgresSchemaOf(identity.name, identity.version);
    // The client costs ~30 ms to import (bench/start.ts): loaded only by services that use it.
    return import('../monitor/postgres-store.ts').then(({ createPostgresStore }) =>
      createPostgresStore({ url, schema, replicaId: options.replicaId ?? getReplicaId(env), logger: options.logger }));
  }
  const folder = toFileName(`${identity.name}_${identity.version}`);
  return createPgliteStore({ dataDir: join(options.dataDir ?? getDataDir(env), folder), openInBackground: true, logger: options.logger });
}

/**
 * Serves a service over HTTP with the wire protocol of the design, monitoring persisted in
 * PGlite (or the PostgreSQL server of `MVI_DATABASE_URL`), jobs running, and a graceful
 * shutdown on SIGINT/SIGTERM.
 * @example
 * const { url, close } = await serve(hello, { port: 8000 });
 */
export async function serve(service: ServiceLike, options: ServeOptions = {}): Promise<RunningService> {
  surviveLostOutput();
  const env = options.env ?? process.env;
  const description = descriptionOf(service);
  const log = options.logger ?? consola;
  const address = listenAddress(options, env, 8000);
  // The folder (or schema) follows the identity the manager gives, so main and shadow versions
  // of the same code keep their data apart.
  const identity = resolveIdentity(description, env);
  let app: H3 | undefined;
  let front: NodeFront | undefined;
  // Taken first: nothing else is made when the port is in use. A request in the few ms until
  // the app exists is told to come back.
  const server = await listen({
    fetch: (request) => (app ? app.fetch(request) : jsonResponse({ detail: 'Starting: retry in a moment' }, 503, { 'retry-after': '1' })),
    ...address,
    front: (request, response) => front?.(request, response) ?? false,
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
  });
  let engine: Engine;
  let store: MonitorStore;
  let started: Promise<void>;
  try {
    store = options.store ?? (await defaultStore(options, env, identity));
    ({ app, engine, started, nodeFront: front } = createServiceApp(service, { ...options, store, env, logger: log }));
  } catch (error) {
    await server.close(true);
    throw error;
  }
  const origin = server.url!.replace(/\/$/, '');
  const url = `${origin}${engine.identity.rootPath}`;
  const name = `${engine.identity.name} ${engine.identity.version}`;
  const shutdown = closerOf(server, engine, options.shutdownTimeout ?? 10_000);
  let unregister = () => {};
  const close = () => {
    unregister();
    return shutdown();
  };
  // From here on it acknowledges points: a signal must flush them, even before the store is open.
  if (options.handleSignals !== false) unregister = closeOnSignal(close, `${name} (flushing its monitoring data)`);
  log.info(`${name} listening on ${url} (docs: ${url}/docs)`);
  // serve() resolves only once monitoring is open and parameters are restored: a store that
  // cannot open, or give the parameters back, stops the service.
  try {
    if ('ready' in store) {
      await store.ready;
      log.info(`${name}: monitoring open`);
    }
    await started;
  } catch (error) {
    unregister();
    await server.close(true);
    await engine.close().catch(() => {});
    throw error;
  }
  return { url, docsUrl: `${url}/docs`, app, engine, close };
}

