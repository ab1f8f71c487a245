import { createServer, request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConsola } from 'consola';
import { createGateway, type ComparingGateway, type GatewayOptions } from '../../../lib/manager/gateway/create-gateway.ts';
import { ReplicaRotation } from '../../../lib/manager/gateway/_replica-rotation.ts';
import type { GatewayRoute, Upstream } from '../../../lib/manager/types.ts';

/** The manager's token in these tests. */
export const MANAGER_TOKEN = 'manager-token';

/** A version of one replica at `origin` (undefined: not running), or of a replica at each of `origin`. */
export function upstream(name: string, version: string, origin: string | undefined | readonly string[]): Upstream {
  const origins = origin === undefined ? [] : typeof origin === 'string' ? [origin] : origin;
  return new ReplicaRotation(`${name}_${version}`, name, version, origins.map((at) => ({ origin: at, status: 'running' })));
}

/** A route of {@link GatewayApp}. */
export type Route = Omit<GatewayRoute, 'prefix'> & { readonly prefix?: string };

/** A gateway behind a real node:http server, routing `/services/{segment}/…` by the table `routes`. */
export interface GatewayApp {
  readonly url: string;
  readonly gateway: ComparingGateway;
  /** Routes by the first segment after `/services/`; the prefix is `/services/{segment}` unless given. */
  readonly routes: Map<string, Route>;
  close(): Promise<void>;
}

/** Starts a {@link GatewayApp} on a free port. */
export async function startGateway(options: Partial<GatewayOptions> = {}): Promise<GatewayApp> {
  const logger = createConsola({ level: -999 });
  const gateway = createGateway({ logger, managerToken: async () => MANAGER_TOKEN, ...options });
  const routes = new Map<string, Route>();
  // As the manager's front resolves it: the segment names the route, the caller answers an unknown one.
  const server = createServer((request, response) => {
    const segment = (request.url ?? '').split(/[/?]/)[2] ?? '';
    const route = routes.get(segment);
    if (route === undefined) return void response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'unknown' }));
    void gateway.handle(request, response, { prefix: `/services/${segment}`, ...route });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    gateway,
    routes,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await gateway.close();
    },
  };
}

/** An answer as a caller got it. */
export interface Received {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly text: string;
  json(): unknown;
}

/** Sends a request with node:http, which sends any header as given (`Host` and `Connection` too). */
export function send(url: string, { method = 'GET', headers = {}, body }: { method?: string; headers?: OutgoingHttpHeaders; body?: string | Buffer } = {}): Promise<Received> {
  return new Promise((resolve, reject) => {
    // node:http frames no body of a GET by itself.
    const framed = body === undefined || headers['transfer-encoding'] !== undefined ? headers : { 'content-length': Buffer.byteLength(body), ...headers };
    const outgoing = httpRequest(url, { method, headers: framed, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () => {
        const all = Buffer.concat(chunks);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: all, text: all.toString(), json: () => JSON.parse(all.toString()) });
      });
    });
    outgoing.once('error', reject);
    outgoing.end(body);
  });
}
