// One server for the HTTP benchmark, started in its own process: `tsx bench/_server.ts <kind>`.
// Prints `ready <url>` once it listens.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { H3 } from 'h3';
import { serve as listen } from 'srvx';
import * as v from 'valibot';
import { built } from './_built.ts';
import { listenPort } from './_process.ts';

const { defineService } = (await built('index')) as typeof import('../lib/index.ts');
const { serve } = (await built('runtime/serve')) as typeof import('../lib/runtime/serve.ts');

const Add = v.object({ a: v.number(), b: v.number() });
const add = ({ a, b }: { a: number; b: number }) => ({ sum: a + b });
// mvi-busy's answers cost CPU, as a model's inference would: 0.5 ms of work per call.
const busy = (input: { a: number; b: number }) => {
  const until = performance.now() + 0.5;
  while (performance.now() < until);
  return add(input);
};
const kind = process.argv[2];
const dataDir = process.env.MVI_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'mvi-bench-'));

async function start(): Promise<string> {
  switch (kind) {
    case 'h3': {
      // The baseline: the same JSON work (parse, validate, answer) on a bare h3 route.
      const app = new H3().post('/add', async (event) => add(v.parse(Add, await event.req.json())));
      const server = listen({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', silent: true, gracefulShutdown: false });
      await server.ready();
      return `${server.url!.replace(/\/$/, '')}/add`;
    }
    case 'mvi':
    case 'mvi-monitor':
    case 'mvi-busy': {
      const service = defineService({ name: 'bench', version: '1.0.0' }).entrypoint('add', Add, kind === 'mvi-busy' ? busy : add, { monitor: kind === 'mvi-monitor' });
      const running = await serve(service, { port: listenPort(), dataDir, accessLog: false, env: {} });
      return `${running.url}/add`;
    }
    case 'mixed': {
      // A plain entrypoint to time, beside one that stores many points and the monitor read.
      const service = defineService({ name: 'mixed', version: '1.0.0' })
        .entrypoint('add', Add, add)
        // `keep: false` stores nothing: the same calls, to tell their cost from the store's.
        .entrypoint('bulk', v.object({ n: v.number(), keep: v.optional(v.boolean(), true) }), ({ n, keep }, ctx) => {
          if (keep) for (let i = 0; i < n; i++) ctx.store({ bulk: i });
          return n;
        });
      const running = await serve(service, { port: 0, dataDir, accessLog: false, env: {} });
      return `${running.url}/add`;
    }
    case 'pglite-floor': {
      // The memory floor: node plus one bare PGlite, opened with the store's settings, no worker.
      const { PGlite } = await import('@electric-sql/pglite');
      const { PGLITE_SETTINGS } = (await built('monitor/pglite-store')) as typeof import('../lib/monitor/pglite-store.ts');
      const { pgliteTemplate } = (await built('monitor/pglite-template')) as typeof import('../lib/monitor/pglite-template.ts');
      const folder = join(dataDir, 'floor');
      const { templateBlob } = (await built('monitor/template-blob')) as typeof import('../lib/monitor/template-blob.js');
      const template = existsSync(folder) ? undefined : await templateBlob(await pgliteTemplate());
      const db = await PGlite.create({ dataDir: folder, loadDataDir: template, startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS] });
      await db.query('select 1');
      // Closed cleanly, as the store closes, so the next open is a plain reopen.
      const alive = setInterval(() => {}, 60_000);
      process.once('SIGTERM', () => void db.close().then(() => clearInterval(alive)));
      return 'http://127.0.0.1:0/none';
    }
    default:
      throw new Error(`unknown server kind ${kind}`);
  }
}

console.log(`ready ${await start()}`);
