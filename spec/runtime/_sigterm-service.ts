// A monitored service in its own process for the shutdown test: prints `ready <url>`.
import * as v from 'valibot';
import { defineService } from '../../lib/index.ts';
import { serve } from '../../lib/runtime/serve.ts';

const service = defineService({ name: 'flush', version: '1.0.0' }).entrypoint(
  'record',
  v.object({ n: v.number() }),
  ({ n }, ctx) => {
    ctx.store({ n });
    return n;
  },
);
const running = await serve(service, { port: 0, dataDir: process.argv[2], accessLog: false, env: {} });
console.log(`ready ${running.url}`);
