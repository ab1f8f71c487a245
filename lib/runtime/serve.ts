import { consola, type ConsolaInstance } from 'consola';
import { join } from 'node:path';
import { serve as listen, type Server } from 'srvx';
import type { H3 } from 'h3';
import type { Engine } from '../engine/create-engine.ts';
import { createPgliteStore, type PgliteStore } from '../monitor/pglite-store.ts';
import type { MonitorStore } from '../monitor/types.ts';
import { descriptionOf } from '../service/description-of.ts';
import type { ServiceLike } from '../service/types.ts';
import type { Env } from '../utilities/_env.ts';
import { readEnv } from '../utilities/_env.ts';
import { getDatabaseUrl, getDataDir } from '../utilities/storage-location.ts';
import type { AppOptions } from './create-app.ts';
import { createServiceApp } from './create-service-app.ts';
import { toFileName } from '../utilities/_file-name.js';
import { resolveIdentity } from './resolve-identity.ts';
import { closeOnSignal } from './shutdown-signals.ts';

/** Options of {@link serve}. */
export interface ServeOptions extends AppOptions {
  /** Port (default `PORT`, else 8000; 0 picks a free one). */
  readonly port?: number;
  /** Address to listen on (default `HOST`, else 127.0.0.1). */
  readonly host?: string;
  /** Monitoring store (default: PGlite persisted under `dataDir`). */
  readonly store?: MonitorStore;
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

// The folder is locked before anything listens; PGlite then opens while the server starts
// (its writes wait in the store's buffer), which takes a few hundred ms off every start.
async function defaultStore(options: ServeOptions, env: Env, folder: string): Promise<PgliteStore> {
  if (getDatabaseUrl(env)) {
    throw new Error('MVI_DATABASE_URL is set, but the PostgreSQL monitoring store is not available in this version; unset it to use the embedded store');
  }
  return createPgliteStore({ dataDir: join(options.dataDir ?? getDataDir(env), folder), openInBackground: true, logger: options.logger });
}

/**
 * Serves a service over HTTP with the wire protocol of the design, monitoring persisted in
 * PGlite, jobs running, and a graceful shutdown on SIGINT/SIGTERM.
 * @example
 * const { url, close } = await serve(hello, { port: 8000 });
 */
export async function serve(service: ServiceLike, options: ServeOptions = {}): Promise<RunningService> {
  const env = options.env ?? process.env;
  const description = descriptionOf(service);
  const log = options.logger ?? consola;
  const port = toPort(options.port ?? readEnv(env, ['PORT']) ?? 8000);
  // The folder follows the identity the manager gives, so main and shadow versions of the same
  // code keep their data apart.
  const identity = resolveIdentity(description, env);
  const store = options.store ?? (await defaultStore(options, env, toFileName(`${identity.name}_${identity.version}`)));
  const { app, engine } = createServiceApp(service, { ...options, store, env, logger: log });
  let server: Server;
  try {
    server = listen({
      fetch: (request) => app.fetch(request),
      port,
      hostname: options.host ?? readEnv(env, ['HOST']) ?? '127.0.0.1',
      gracefulShutdown: false,
      silent: true,
      maxRequestBodySize: options.bodyLimit ?? 1024 * 1024,
    });
    await server.ready();
  } catch (error) {
    await engine.close().catch(() => {});
    throw error;
  }
  // serve() resolves only once monitoring is open: a store that cannot open stops the service.
  if ('ready' in store) {
    try {
      await store.ready;
    } catch (error) {
      await server.close(true);
      await engine.close().catch(() => {});
      throw error;
    }
  }
  const origin = server.url!.replace(/\/$/, '');
  const url = `${origin}${engine.identity.rootPath}`;

  let closing: Promise<void> | undefined;
  let unregister = () => {};
  const close = () => {
    closing ??= (async () => {
      unregister();
      const timeout = options.shutdownTimeout ?? 10_000;
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
  if (options.handleSignals !== false) unregister = closeOnSignal(close);
  log.info(`${engine.identity.name} ${engine.identity.version} listening on ${url} (docs: ${url}/docs)`);
  return { url, docsUrl: `${url}/docs`, app, engine, close };
}

function toPort(value: number | string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError(`Invalid port ${JSON.stringify(value)}: use a whole number from 0 to 65535 (0 picks a free one)`);
  }
  return port;
}
