// Monitoring under load, end to end over HTTP: acknowledged points kept across SIGTERM and a
// restart, /~monitor read time, p99 of a plain entrypoint while 100 000 points are written and
// read, start times and idle RSS. Run: npx tsx bench/monitoring.ts
import autocannon from 'autocannon';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './_process.ts';

const N = 100_000;
const body = JSON.stringify({ a: 1, b: 2 });
const post = (url: string, json: unknown) => fetch(url, { method: 'POST', body: JSON.stringify(json), headers: { 'content-type': 'application/json' } });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timedStart(kind: string, dataDir: string) {
  const t0 = performance.now();
  const server = await startServer(kind, { MVI_DATA_DIR: dataDir });
  while ((await post(server.url, { a: 1, b: 2 }).catch(() => undefined))?.status !== 200) await new Promise((r) => setTimeout(r, 10));
  return { server, ms: performance.now() - t0 };
}

const load = (url: string, options: Partial<autocannon.Options>) =>
  autocannon({ url, method: 'POST', body, headers: { 'content-type': 'application/json' }, connections: 20, ...options });

// 1. 100 000 monitored calls, SIGTERM, restart: every acknowledged point is there.
const dir = mkdtempSync(join(tmpdir(), 'mvi-bench-monitoring-'));
const first = await timedStart('mvi-monitor', dir);
await new Promise((r) => setTimeout(r, 1000));
const idleRss = first.server.rssMb();
const writes = await load(first.server.url, { amount: N, connections: 50 });
await first.server.stop();
const again = await timedStart('mvi-monitor', dir);
const base = again.server.url.replace(/\/add$/, '');
const readTimes: number[] = [];
let rows = 0;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const data = (await (await fetch(`${base}/~monitor?variables=add_request`)).json()) as Record<string, { value: unknown[] }>;
  readTimes.push(performance.now() - t0);
  rows = data.add_request?.value.length ?? 0;
}
await again.server.stop();

// 2. p99 of a plain entrypoint alone, while 100 000 points are written, and while they are read.
const mixed = await startServer('mixed', { MVI_DATA_DIR: mkdtempSync(join(tmpdir(), 'mvi-bench-mixed-')) });
const mixedBase = mixed.url.replace(/\/add$/, '');
const alone = await load(mixed.url, { duration: 5 });
const duringWrite = load(mixed.url, { duration: 5 });
await post(`${mixedBase}/bulk`, { n: N });
const written = await duringWrite;
const duringRead = load(mixed.url, { duration: 5 });
const readDeadline = Date.now() + 4500;
let reads = 0;
while (Date.now() < readDeadline) {
  await (await fetch(`${mixedBase}/~monitor?variables=bulk`)).arrayBuffer();
  reads++;
}
const read = await duringRead;
await mixed.stop();

console.table({
  'monitored calls': { value: N, unit: 'requests', note: `${Math.round(writes.requests.average)} req/s, ${writes.non2xx} non-2xx` },
  // Each start's readiness probe is one more monitored call.
  'rows after SIGTERM + restart': { value: rows, unit: 'rows', note: rows === N + 2 ? `${N} + 2 probes: none lost` : `LOST ${N + 2 - rows}` },
  '/~monitor of 100k points': { value: Math.round(median(readTimes)), unit: 'ms (median of 5)', note: '' },
  'first start to first 200': { value: Math.round(first.ms), unit: 'ms', note: 'process spawn, tsx, PGlite from template' },
  'restart to first 200': { value: Math.round(again.ms), unit: 'ms', note: '' },
  'idle RSS': { value: Math.round(idleRss), unit: 'MB', note: '' },
  'p99 alone': { value: alone.latency.p99, unit: 'ms', note: `${Math.round(alone.requests.average)} req/s` },
  'p99 while 100k points written': { value: written.latency.p99, unit: 'ms', note: `${Math.round(written.requests.average)} req/s` },
  'p99 while 100k points read': { value: read.latency.p99, unit: 'ms', note: `${reads} reads of 100k points` },
});
