import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { ConsolaInstance } from 'consola';
import { sendNodeResponse } from 'srvx/node';
import { isBuiltInPath } from '../../protocol/routes.ts';
import { jsonResponse } from '../../runtime/json-response.ts';
import type { Gateway, GatewayRoute, Upstream } from '../types.ts';
import { relayAnswer, type AnswerTap, type RelayedAnswer } from './_answer-relay.ts';
import { failureReason, refusedConnection } from './_failure-reason.ts';
import { FORWARDED_METHODS, isForwardedMethod } from './_forwarded-method.ts';
import { forwardHeaders } from './_forward-headers.ts';
import { Mirror } from './_mirror.ts';
import { readUpTo, requestBody } from './_request-body.ts';
import { stripPrefix } from './_strip-prefix.ts';
import { UpstreamPools } from './_upstream-pools.ts';
import { VersionStats, type ShadowReport } from './_version-stats.ts';

/** Options of {@link createGateway}. */
export interface GatewayOptions {
  readonly logger: ConsolaInstance;
  /** The manager's own short-lived token, sent as `Authorization: Bearer` with every request and copy. */
  readonly managerToken: () => Promise<string>;
  /** Milliseconds main may take to start answering, and to pause inside its answer (default 300 000, undici's). */
  readonly timeout?: number;
  /** Milliseconds to connect to a version (default 5 000). */
  readonly connectTimeout?: number;
  /** Milliseconds a shadow may take to start answering a copy, and to pause inside it (default 30 000). */
  readonly shadowTimeout?: number;
  /** Copies waiting per shadow; more are dropped and counted (default 256). */
  readonly shadowQueue?: number;
  /** Copies in flight per shadow (default 32). */
  readonly shadowConcurrency?: number;
  /** Bytes of a request body copied to the shadows, and of each answer compared (default 1 MiB); larger ones are forwarded to main alone, or not compared. */
  readonly compareLimit?: number;
  /** Disagreements kept per version (default 20). */
  readonly samples?: number;
  /** Latencies kept per version for p50/p99 (default 1 024). */
  readonly latencies?: number;
}

/** The {@link Gateway} {@link createGateway} makes, its report typed. */
export interface ComparingGateway extends Gateway {
  shadowReport(name: string): ShadowReport;
}

// Other replicas tried when one refuses the connection.
const REPLICA_RETRIES = 3;
// A body whose announced length is at most this is read whole and forwarded as one Buffer,
// which undici writes with the headers in one go; as a stream it costs a writer, listeners and
// a write per chunk: ~12 % of the CPU of a forwarded request of 13 bytes (fresh managers
// alternated, 6 rounds: 82 -> 70 µs). Larger or chunked bodies stream as they come.
const WHOLE_BODY = 64 * 1024;
// The statistics of requests that are not counted.
const UNCOUNTED = { answered() {}, took() {}, failed() {} } satisfies Pick<VersionStats, 'answered' | 'took' | 'failed'>;
const label = (upstream: Upstream) => `Service ${upstream.name} version ${upstream.version}`;
const problem = (status: number, detail: string, headers?: Readonly<Record<string, string>>) => jsonResponse({ detail }, status, headers);

/**
 * The manager's gateway: forwards `/services/…` to the version that answers, streaming both
 * ways, with the manager's token instead of the caller's; copies each request to the shadows
 * on bounded queues the caller never waits for, and compares their answers with main's.
 * @example
 * const gateway = createGateway({ logger, managerToken: () => auth.managerToken() });
 * createServer((request, response) => void gateway.handle(request, response, { target, shadows, prefix: '/services/foo' }));
 */
export function createGateway(options: GatewayOptions): ComparingGateway {
  const { logger, managerToken, timeout = 300_000, connectTimeout = 5_000, compareLimit = 1024 * 1024 } = options;
  const sizes = { samples: options.samples ?? 20, latencies: options.latencies ?? 1024 };
  const stats = new Map<string, VersionStats>();
  const statsOf = (upstream: Upstream) => {
    let known = stats.get(upstream.key);
    if (known === undefined) stats.set(upstream.key, (known = new VersionStats(upstream.name, upstream.version, sizes)));
    return known;
  };
  const pools = new UpstreamPools({ headersTimeout: timeout, bodyTimeout: timeout, connect: { timeout: connectTimeout } });
  const mirror = new Mirror(
    {
      logger,
      queue: options.shadowQueue ?? 256,
      concurrency: options.shadowConcurrency ?? 32,
      timeout: options.shadowTimeout ?? 30_000,
      connectTimeout,
      compareLimit,
    },
    statsOf,
  );

  // Main's answer, or the problem the gateway answers itself.
  async function forward(request: IncomingMessage, route: GatewayRoute): Promise<RelayedAnswer | Response> {
    const { target } = route;
    let replica = target.pick();
    if (replica === undefined) return problem(503, `${label(target)} is not running`);
    // The path as srvx reads it (the manager takes only paths that start with `/`).
    const url = request.url!;
    const query = url.indexOf('?');
    const pathname = query === -1 ? url : url.slice(0, query);
    const stripped = stripPrefix(pathname, route.prefix);
    if (stripped === undefined) return problem(404, `${pathname} is not under ${route.prefix}`);
    const path = query === -1 ? stripped : stripped + url.slice(query);
    // A service's own routes (its monitoring, parameters, docs: the dashboard polls them) are
    // main's alone: a shadow's monitoring differs by its timestamps, its docs by its version, and
    // a parameter set on main is not the shadow's. Only entrypoints' traffic is copied and counted.
    const counted = !isBuiltInPath(stripped);
    const version = counted ? statsOf(target) : UNCOUNTED;
    const method = request.method!;
    if (!isForwardedMethod(method)) return problem(405, `The gateway does not forward ${method} requests`, { allow: FORWARDED_METHODS });
    let token: string;
    try {
      token = await managerToken();
    } catch (error) {
      logger.error('The gateway got no token of the manager:', error);
      return problem(503, 'The manager could not sign its request to the service');
    }
    const { socket } = request;
    const headers = forwardHeaders(request.headers, {
      host: request.headers.host ?? `${socket.localAddress}:${socket.localPort}`,
      prefix: route.prefix,
      token,
      clientIp: socket.remoteAddress,
      proto: (socket as TLSSocket).encrypted ? 'https' : 'http',
    });
    let body: Readable | Buffer | undefined = requestBody(request);
    const copied = counted && route.shadows.length > 0;
    // The shadows need the body again; a small one is read whole anyway (see WHOLE_BODY).
    if (body !== undefined && (copied || Number(request.headers['content-length']) <= WHOLE_BODY)) {
      try {
        body = await readUpTo(body, copied ? compareLimit : WHOLE_BODY);
      } catch {
        return problem(400, 'The request body could not be read to its end');
      }
    }
    let settle: ReturnType<Mirror['send']>;
    if (copied) {
      if (body instanceof Readable) mirror.skip(route.shadows);
      else settle = mirror.send(route.shadows, { method, path, headers, body });
    }
    const started = performance.now();
    const tap: AnswerTap =
      settle === undefined
        ? { limit: undefined, ended: () => version.took(performance.now() - started), cut: () => {} }
        : {
            limit: compareLimit,
            ended(status, contentType, bytes) {
              const ms = performance.now() - started;
              version.took(ms);
              settle({ status, contentType, body: bytes, ms });
            },
            cut: () => settle(undefined),
          };
    for (let retries = 0; ; retries++) {
      try {
        const answer = await relayAnswer(pools.of(target.key, replica.index, replica.origin), { method, path, headers, body: body ?? null }, tap);
        version.answered(answer.status);
        return answer;
      } catch (error) {
        // A replica that died a moment ago refuses connections until its exit is seen: the
        // request never reached it, so another replica may take it, whatever its method.
        const next = retries < REPLICA_RETRIES && refusedConnection(error) ? target.pick() : undefined;
        if (next !== undefined && next !== replica) {
          replica = next;
          continue;
        }
        version.failed();
        settle?.(undefined);
        const reason = failureReason(error);
        // The path without its query: GET arguments stay out of logs.
        logger.warn(`${label(target)} ${reason}: ${method} ${stripped}`);
        return problem(502, `${label(target)} ${reason}`);
      }
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse, route: GatewayRoute): Promise<void> {
    const answer = await forward(request, route);
    if (answer instanceof Response) return sendNodeResponse(response, answer);
    // The caller went away while main was making up its answer: it is cut there too.
    if (response.destroyed) return answer.body.destroy();
    response.writeHead(answer.status, STATUS_CODES[answer.status] ?? '', answer.headers);
    answer.body.pipe(response);
  }

  return {
    handle,
    shadowReport: (name) => ({ name, versions: [...stats.values()].filter((known) => known.name === name).map((known) => known.report()) }),
    forget(key) {
      stats.delete(key);
      void Promise.all([mirror.forget(key), pools.forget(key)]).catch((error: unknown) => logger.warn(`The gateway could not drop the connections of ${key}:`, error));
    },
    async close() {
      await Promise.all([mirror.close(), pools.close(true)]);
    },
  };
}
