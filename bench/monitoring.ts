// Monitoring under load, end to end over HTTP: acknowledged points kept across SIGTERM and a
// restart, /~monitor read time, p99 of a plain entrypoint while 100 000 points are written and
// read, start times and idle RSS. Loaded with wrk (-t1), as bench/http.ts is.
// Run: npx tsx bench/monitoring.ts   (needs wrk: apt-get install wrk)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './_process.ts';
import { wrk } from './_wrk.ts';

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

// The 200 answers of `add` so far, as the service counts them: wrk leaves out the answers that
// arrive after its deadline, which the service still stored.
async function answered(base: string): Promise<number> {
  const text = await (await fetch(`${base}/~metrics`)).text();
  return Number(/^mvi_requests_total\{entrypoint="add",status="200"\} (\d+)$/m.exec(text)?.[1] ?? 0);
}

// 1. At least 100 000 monitored calls, SIGTERM, restart: every acknowledged point is there.
const dir = mkdtempSync(join(tmpdir(), 'mvi-bench-monitoring-'));
const first = await timedStart('mvi-monitor', dir);
await new Promise((r) => setTimeout(r, 1000));
const idleRss = first.server.rssMb();
const firstBase = first.server.url.replace(/\/add$/, '');
const writeStart = performance.now();
let non2xx = 0;
while ((await answered(firstBase)) < N) non2xx += (await wrk(first.server.url, body, { seconds: 2, connections: 50 })).failed;
const writeRps = (await answered(firstBase)) / ((performance.now() - writeStart) / 1000);
// Each start's readiness probe is one more monitored call, counted with the rest.
const acknowledged = await answered(firstBase);
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
const load = (url: string) => wrk(url, body, { seconds: 5, connections: 20 });
// CPU of the server in a phase: its main thread, and the rest (the store's worker, the collector's helpers).
const cpuSince = (main: number, all: number) => {
  const mainMs = mixed.mainCpuMs() - main;
  return `CPU: main thread ${mainMs} ms, other threads ${mixed.cpuMs() - all - mainMs} ms`;
};
let [main0, all0] = [mixed.mainCpuMs(), mixed.cpuMs()];
const alone = await load(mixed.url);
const aloneCpu = cpuSince(main0, all0);
[main0, all0] = [mixed.mainCpuMs(), mixed.cpuMs()];
const duringWrite = load(mixed.url);
await post(`${mixedBase}/bulk`, { n: N });
const written = await duringWrite;
const writtenCpu = cpuSince(main0, all0);
[main0, all0] = [mixed.mainCpuMs(), mixed.cpuMs()];
const duringRead = load(mixed.url);
const readDeadline = Date.now() + 4500;
let reads = 0;
while (Date.now() < readDeadline) {
  await (await fetch(`${mixedBase}/~monitor?variables=bulk`)).arrayBuffer();
  reads++;
}
const read = await duringRead;
const readCpu = cpuSince(main0, all0);
await mixed.stop();

console.table({
  'monitored calls': { value: acknowledged, unit: 'requests', note: `${Math.round(writeRps)} req/s, ${non2xx} failed` },
  // The second start's probe is one more monitored call.
  'rows after SIGTERM + restart': { value: rows, unit: 'rows', note: rows === acknowledged + 1 ? `${acknowledged} + 1 probe: none lost` : `LOST ${acknowledged + 1 - rows}` },
  '/~monitor of 100k points': { value: Math.round(median(readTimes)), unit: 'ms (median of 5)', note: '' },
  'first start to first 200': { value: Math.round(first.ms), unit: 'ms', note: 'process spawn, tsx, PGlite from template' },
  'restart to first 200': { value: Math.round(again.ms), unit: 'ms', note: '' },
  'idle RSS': { value: Math.round(idleRss), unit: 'MB', note: '' },
  'p99 alone': { value: alone.p99, unit: 'ms', note: `${Math.round(alone.rps)} req/s; ${aloneCpu}` },
  'p99 while 100k points written': { value: written.p99, unit: 'ms', note: `${Math.round(written.rps)} req/s; ${writtenCpu}` },
  'p99 while 100k points read': { value: read.p99, unit: 'ms', note: `${reads} reads of 100k points, ${Math.round(read.rps)} req/s; ${readCpu}` },
});
