// Two monitored services in one process for the shutdown tests: prints `ready <url> <url>`;
// `log` after the folder turns their access logs on.
import * as v from 'valibot';
import { defineService } from '../../lib/index.ts';
import { serve } from '../../lib/runtime/serve.ts';

const recorder = (name: string) =>
  defineService({ name, version: '1.0.0' }).entrypoint('record', v.object({ n: v.number() }), ({ n }, ctx) => {
    ctx.store({ n });
    return n;
  });
const options = { port: 0, dataDir: process.argv[2], accessLog: process.argv[3] === 'log', env: {} };
const first = await serve(recorder('flush'), options);
const second = await serve(recorder('flush2'), options);
console.log(`ready ${first.url} ${second.url}`);
