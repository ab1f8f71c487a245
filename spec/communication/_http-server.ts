import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the test server received it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Answers one request; may leave it unanswered to simulate a hung service. */
export type Reply = (request: SeenRequest, response: ServerResponse) => void;

/** A real HTTP server on a free port that records what it receives. */
export interface TestServer {
  /** `http://{host}:{port}`. */
  readonly url: string;
  /** Requests received since the last `reply()`. */
  readonly seen: SeenRequest[];
  /** Answers further requests with `reply` and forgets the ones seen so far. */
  reply(reply: Reply): void;
  /** Stops the server, cutting hung connections. */
  close(): Promise<void>;
}

/** Writes `body` as JSON with `status`. */
export function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** Starts a {@link TestServer} on `host` (port 0); it answers `200 {"ok":true}` until told otherwise. */
export async function startServer(host = '127.0.0.1'): Promise<TestServer> {
  const seen: SeenRequest[] = [];
  let current: Reply = (_, response) => json(response, 200, { ok: true });
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const received = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString() };
    seen.push(received);
    current(received, response);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    seen,
    reply(reply) {
      current = reply;
      seen.length = 0;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** A URL on `host` where nothing listens (a port that was free a moment ago). */
export async function closedUrl(host = '127.0.0.1'): Promise<string> {
  const server = await startServer(host);
  await server.close();
  return server.url;
}
