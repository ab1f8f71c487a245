import { consola, type ConsolaInstance } from 'consola';
import { join } from 'node:path';
import { serve as listen } from 'srvx';
import type { H3 } from 'h3';
import type { Engine } from '../engine/create-engine.ts';
import { createPgliteStore } from '../monitor/pglite-store.ts';
import type { MonitorStore } from '../monitor/types.ts';
import { descriptionOf } from '../service/description-of.ts';
import type { ServiceLike } from '../service/types.ts';
import type { Env } from '../utilities/_env.ts';
import { readEnv } from '../utilities/_env.ts';
import { getDatabaseUrl, getDataDir } from '../utilities/storage-location.ts';
import type { AppOptions } from './create-app.ts';
import { createServiceApp } from './create-service-app.ts';

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
  /** Close gracefully on SIGINT and SIGTERM (default true). */
  readonly handleSignals?: boolean;
  /** Milliseconds that in-flight requests get to finish on close (default 10 000). */
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

async function defaultStore(options: ServeOptions, env: Env, folder: string): Promise<MonitorStore> {
  if (getDatabaseUrl(env)) {
    throw new Error('MVI_DATABASE_URL is set, but the PostgreSQL monitoring store is not available in this version; unset it to use the embedded store');
  }
  return createPgliteStore({ dataDir: join(options.dataDir ?? getDataDir(env), folder) });
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
  const store = options.store ?? (await defaultStore(options, env, `${description.name}_${description.version}`.replace(/[^\w.-]/g, '_')));
  const { app, engine } = createServiceApp(service, { ...options, store, env, logger: log });
  const server = listen({
    fetch: (request) => app.fetch(request),
    port: options.port ?? Number(readEnv(env, ['PORT']) ?? 8000),
    hostname: options.host ?? readEnv(env, ['HOST']) ?? '127.0.0.1',
    gracefulShutdown: false,
    silent: true,
    maxRequestBodySize: options.bodyLimit ?? 1024 * 1024,
  });
  try {
    await server.ready();
  } catch (error) {
    await engine.close();
    throw error;
  }
  const origin = server.url!.replace(/\/$/, '');
  const url = `${origin}${engine.identity.rootPath}`;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
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
  const onSignal = (signal: NodeJS.Signals) => {
    log.info(`${signal}: shutting down ${engine.identity.name}, flushing monitoring data`);
    close().then(
      () => process.exit(0),
      (error) => {
        log.error('Shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  if (options.handleSignals !== false) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  log.info(`${engine.identity.name} ${engine.identity.version} listening on ${url} (docs: ${url}/docs)`);
  return { url, docsUrl: `${url}/docs`, app, engine, close };
}
