import type { IncomingMessage, ServerResponse } from 'node:http';
import { serve as srvxServe, type Server } from 'srvx';
import { ENV_NAMES } from '../protocol/env-names.ts';
import { readEnv, type Env } from '../utilities/_env.ts';

/** Takes a request on Node's own objects ahead of srvx and h3, answering it; false when it is not for this front. */
export type NodeFront = (request: IncomingMessage, response: ServerResponse) => boolean;

/** Where and what {@link listen} serves. */
export interface ListenOptions {
  readonly port: number;
  readonly hostname: string;
  readonly bodyLimit: number;
  readonly fetch: (request: Request) => Response | Promise<Response>;
  /** Sees each request on Node's own objects first, and answers it itself by returning true; the rest go to `fetch`. */
  readonly front?: NodeFront;
}

/** Where to listen: the port and address given, else `PORT` and `HOST` of `env`, else `defaultPort` on 127.0.0.1. */
export function listenAddress(given: { readonly port?: number; readonly host?: string }, env: Env, defaultPort: number): { port: number; hostname: string } {
  const value = given.port ?? readEnv(env, ENV_NAMES.port) ?? defaultPort;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError(`Invalid port ${JSON.stringify(value)}: use a whole number from 0 to 65535 (0 picks a free one)`);
  }
  return { port, hostname: given.host ?? readEnv(env, ENV_NAMES.host) ?? '127.0.0.1' };
}

// A listen error in words: which port, and what to do about it.
function toListenError(error: unknown, { port, hostname }: ListenOptions): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const advice = 'choose another port with --port or PORT (0 picks a free one)';
  const message =
    code === 'EADDRINUSE' ? `Port ${port} on ${hostname} is already in use: stop what holds it, or ${advice}`
    : code === 'EACCES' ? `Port ${port} on ${hostname} needs privileges this process does not have: ${advice}`
    : code === 'EADDRNOTAVAIL' ? `Cannot listen on ${hostname}: it is no address of this machine; set another with --host or HOST`
    : undefined;
  return message ? Object.assign(new Error(message, { cause: error }), { code }) : error;
}

/** An srvx server listening on `port`, with srvx's signal handling off (serve() owns the shutdown order). */
export async function listen(options: ListenOptions): Promise<Server> {
  const server = srvxServe({
    fetch: options.fetch,
    port: options.port,
    hostname: options.hostname,
    gracefulShutdown: false,
    silent: true,
    maxRequestBodySize: options.bodyLimit,
  });
  const { front } = options;
  // srvx made its Node server, listening from the next tick on, with its handler as the one
  // 'request' listener: the front goes in ahead of it.
  const node = server.node;
  if (front && node?.server) {
    const { server: http, handler } = node;
    http.removeListener('request', handler);
    http.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (!front(request, response)) void handler(request, response);
    });
  }
  try {
    return await server.ready();
  } catch (error) {
    throw toListenError(error, options);
  }
}
