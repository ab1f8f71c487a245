// One server of the gateway benchmark, in its own process: `tsx bench/_gateway-server.ts <kind>`,
// forwarding `/services/bench/…` to MAIN_ORIGIN (and copying to SHADOW_ORIGINS, comma-separated),
// or the whole manager, whose services the benchmark deploys through its API.
// Prints `ready <url>` once it listens.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsola } from 'consola';
import { Pool } from 'undici';
import type { Upstream } from '../lib/manager/types.ts';
import { built } from './_built.ts';
import { listenPort } from './_process.ts';

const { isForwardedMethod } = (await built('manager/gateway/_forwarded-method')) as typeof import('../lib/manager/gateway/_forwarded-method.ts');
const { createGateway } = (await built('manager/gateway/create-gateway')) as typeof import('../lib/manager/gateway/create-gateway.ts');
const { ReplicaRotation } = (await built('manager/gateway/_replica-rotation')) as typeof import('../lib/manager/gateway/_replica-rotation.ts');

const PREFIX = '/services/bench';
const kind = process.argv[2];
const main = process.env.MAIN_ORIGIN ?? '';
const shadows = (process.env.SHADOW_ORIGINS ?? '').split(',').filter(Boolean);
const upstream = (version: string, origin: string): Upstream => new ReplicaRotation(`bench_${version}`, 'bench', version, [{ origin, status: 'running' }]);
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer'];

function listening(server: ReturnType<typeof createServer>): Promise<string> {
  return new Promise((resolve) => server.listen(listenPort(), '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

async function start(): Promise<string> {
  switch (kind) {
    case 'sleepy': {
      // A shadow that takes a second over every answer.
      const server = createServer((request, response) => {
        request.resume().once('end', () => setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end('{"sum":3}'), 1000));
      });
      return listening(server);
    }
    case 'proxy': {
      // The baseline: a bare node:http server forwarding with an undici Pool, prefix stripped.
      const pool = new Pool(main);
      const server = createServer((request, response) => {
        const method = request.method ?? 'GET';
        if (!isForwardedMethod(method)) return void response.writeHead(405).end();
        const headers = { ...request.headers };
        for (const name of HOP_BY_HOP) delete headers[name];
        const body = request.headers['content-length'] || request.headers['transfer-encoding'] ? request : null;
        pool.request({ method, path: request.url!.slice(PREFIX.length) || '/', headers, body }).then(
          (answer) => {
            for (const name of HOP_BY_HOP) delete answer.headers[name];
            response.writeHead(answer.statusCode, answer.headers);
            answer.body.pipe(response);
          },
          () => response.writeHead(502).end(),
        );
      });
      return `${await listening(server)}${PREFIX}`;
    }
    case 'gateway': {
      // createGateway on a node:http server, as the manager's front uses it; `/report` gives its
      // shadow report, `/shadows?on=0` (or 1) takes the shadows off the route (or back on), so
      // that rows with and without them can be measured in one process. Taken off, a shadow is
      // forgotten (its queue, its connections and its report), as when the manager kills it:
      // else its queued copies would go on at 32 a second into the row without.
      const gateway = createGateway({ logger: createConsola({ level: 1 }), managerToken: async () => 'bench-token' });
      const withShadows = { target: upstream('1.0.0', main), shadows: shadows.map((origin, i) => upstream(`${i + 2}.0.0`, origin)), prefix: PREFIX };
      const alone = { ...withShadows, shadows: [] };
      let route = withShadows;
      const server = createServer((request, response) => {
        if (request.url === '/report') return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(gateway.shadowReport('bench')));
        if (request.url?.startsWith('/shadows?on=')) {
          const on = !request.url.endsWith('=0');
          if (!on && route === withShadows) for (const shadow of withShadows.shadows) gateway.forget(shadow.key);
          route = on ? withShadows : alone;
          return void response.writeHead(204).end();
        }
        void gateway.handle(request, response, route);
      });
      return `${await listening(server)}${PREFIX}`;
    }
    case 'manager': {
      // serveManager() itself, auth on (the admin's password in MVI_ADMIN_PASSWORD), its state in
      // a folder of its own that goes with it. Loaded here only: the other fronts stay lean.
      const { serveManager } = (await built('manager/serve-manager')) as typeof import('../lib/manager/serve-manager.ts');
      const dataDir = mkdtempSync(join(tmpdir(), 'mvi-bench-manager-'));
      const manager = await serveManager({ port: 0, dataDir, logger: createConsola({ level: 1 }), handleSignals: false, stopTimeout: 2_000 });
      process.once('SIGTERM', () => {
        void manager.close().finally(() => {
          rmSync(dataDir, { recursive: true, force: true });
          process.exit(0);
        });
      });
      return manager.url;
    }
    default:
      throw new Error(`unknown server kind ${kind}`);
  }
}

console.log(`ready ${await start()}`);
