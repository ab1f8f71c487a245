import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PGLITE_WORKER_URL, pgliteTemplate } from '../../lib/monitor/pglite-template.ts';
import { CREATE_MONITOR_SCHEMA, CREATE_SAMPLES_TABLE, MIGRATE_MONITOR_TABLE } from '../../lib/monitor/table-sql.ts';

const run = promisify(execFile);

// Talks to the worker as the store does, from a plain ES module: no TypeScript, no loader.
const SCRIPT = `
import { Worker } from 'node:worker_threads';
const [workerPath, template, create, samples, migrate] = process.argv.slice(1);
const worker = new Worker(workerPath, { execArgv: [] });
let id = 0;
const call = (op, args) => new Promise((resolve, reject) => {
  const mine = ++id;
  const onMessage = (reply) => {
    if (reply.id !== mine) return;
    worker.off('message', onMessage);
    reply.error ? reject(new Error(reply.error.message)) : resolve(reply.result);
  };
  worker.on('message', onMessage);
  worker.postMessage({ id: mine, op, args });
});
await call('open', { template, schema: { create, samples, migrate }, settings: [] });
await call('insert', [{
  variable: 'a', times: new Float64Array([1767225600000, 1767225600001]), arrivals: new Float64Array([0, 1]),
  lengths: new Int32Array([-1, 3]), numbers: new Float64Array([1, 0]), text: 'two',
}]);
console.log(JSON.stringify(await call('read', {})));
await call('close');
await worker.terminate();
`;

describe('pglite-worker.js', () => {
  it('runs under plain Node, without a TypeScript loader', async () => {
    const args = ['--input-type=module', '-e', SCRIPT, fileURLToPath(PGLITE_WORKER_URL), await pgliteTemplate(), CREATE_MONITOR_SCHEMA, CREATE_SAMPLES_TABLE, MIGRATE_MONITOR_TABLE];
    const { stdout } = await run(process.execPath, args, { env: { ...process.env, NODE_OPTIONS: '' } });
    expect(JSON.parse(stdout)).toEqual({ a: { timestamp: ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.001Z'], value: [1, 'two'] } });
  }, 120_000);
});
