// Monitoring under load, end to end over HTTP: acknowledged points kept across SIGTERM and a
// restart, /~monitor read time, p99 of a plain entrypoint while 100 000 points are written and
// read, start times and idle RSS. Loaded with wrk (-t1), as bench/http.ts is.
// Run: npx tsx bench/monitoring.ts   (needs wrk: apt-get install wrk)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPackage, startServer } from './_process.ts';
import { wrk } from './_wrk.ts';

// The services run as the package ships them (bench/_server.ts).
buildPackage();

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
// The full read counts the rows (none lost); the timed reads take the last 100 000 of them, from
// the time of the first (points of that millisecond before it come too), to the last byte of
// the answer, the client's JSON.parse timed apart.
type Read = Record<string, { timestamp: string[]; value: unknown[] }>;
const full = (await (await fetch(`${base}/~monitor?variables=add_request`)).json()) as Read;
const rows = full.add_request?.value.length ?? 0;
const from = full.add_request?.timestamp[Math.max(0, rows - N)] ?? new Date(0).toISOString();
const readTimes: number[] = [];
const parseTimes: number[] = [];
let readRows = 0;
let readMb = 0;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const bytes = await (await fetch(`${base}/~monitor?variables=add_request&start=${encodeURIComponent(from)}`)).arrayBuffer();
  const t1 = performance.now();
  readRows = (JSON.parse(Buffer.from(bytes).toString('utf8')) as Read).add_request?.value.length ?? 0;
  readMb = bytes.byteLength / 1e6;
  readTimes.push(t1 - t0);
  parseTimes.push(performance.now() - t1);
}
await again.server.stop();

// 2. p99 of a plain entrypoint alone, while 100 000 points are written, and while they are read:
// rounds alternated after a warm-up round (a first round pays for JIT threads and growing
// buffers), medians reported, as a p99 of ~1 ms moves by half of itself from one 5 s run to the
// next. Then once while they are read back to back, a stress far beyond a dashboard's polling.
const ROUNDS = 3;
const mixed = await startServer('mixed', { MVI_DATA_DIR: mkdtempSync(join(tmpdir(), 'mvi-bench-mixed-')) });
const mixedBase = mixed.url.replace(/\/add$/, '');
// The points the last write stored (the variable holds those of every round).
let since = new Date(0);
const readAll = async () => void (await (await fetch(`${mixedBase}/~monitor?variables=bulk&start=${since.toISOString()}`)).arrayBuffer());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type Phase = { readonly p99: number; readonly rps: number; readonly mainMs: number; readonly otherMs: number; readonly note: string };
// wrk for 5 s while `work` runs from 0.5 s in; the server's CPU split into its main thread and
// the rest (the store's worker, the collector's helpers).
async function phase(work: () => Promise<string>, connections: number): Promise<Phase> {
  const [main0, all0] = [mixed.mainCpuMs(), mixed.cpuMs()];
  const [result, note] = await Promise.all([wrk(mixed.url, body, { seconds: 5, connections }), sleep(500).then(work)]);
  const mainMs = mixed.mainCpuMs() - main0;
  return { p99: Math.round(result.p99 * 1000) / 1000, rps: result.rps, mainMs, otherMs: mixed.cpuMs() - all0 - mainMs, note };
}
// The points come as monitored traffic brings them: 100 calls of 1 000 over 4 s. One call storing
// all 100 000 would time the handler's own loop (~20 ms of its event loop, ~150 ms when cold),
// not the store.
const BATCH = 1000;
const bulkCalls = async (keep: boolean) => {
  for (let sent = 0; sent < N; sent += BATCH) await Promise.all([post(`${mixedBase}/bulk`, { n: BATCH, keep }), sleep(4000 / (N / BATCH))]);
  return '';
};
const write = async () => {
  since = new Date();
  return bulkCalls(true);
};
const readOnce = async () => {
  const t0 = performance.now();
  await readAll();
  return `read in ${Math.round(performance.now() - t0)} ms`;
};
// Two loads: wrk's 20 connections keep the server's main thread busy all the time (every CPU
// cycle the store takes then shows in the tail), 2 leave it room, as most services run.
const LOADS = { saturated: 20, light: 2 } as const;
type Load = keyof typeof LOADS;
// `calls`: the same 100 calls as `written`, storing nothing; what `written` adds to it is the store's.
const kinds = { alone: async () => '', calls: () => bulkCalls(false), written: write, read: readOnce };
type Kind = keyof typeof kinds;
const noRuns = (): Record<Kind, Phase[]> => ({ alone: [], calls: [], written: [], read: [] });
const runs: Record<Load, Record<Kind, Phase[]>> = { saturated: noRuns(), light: noRuns() };
for (let round = 0; round <= ROUNDS; round++) {
  for (const load of Object.keys(LOADS) as Load[]) {
    for (const kind of Object.keys(kinds) as Kind[]) {
      const result = await phase(kinds[kind], LOADS[load]);
      if (round > 0) runs[load][kind].push(result);
    }
  }
}
const readOften = await phase(async () => {
  let reads = 0;
  for (const deadline = Date.now() + 4000; Date.now() < deadline; reads++) await readAll();
  return `${reads} reads back to back`;
}, LOADS.saturated);
await mixed.stop();
const medianOf = (list: readonly Phase[], key: 'p99' | 'rps' | 'mainMs' | 'otherMs') => median(list.map((run) => run[key]));
const p99Row = (list: readonly Phase[], alone: readonly Phase[]) => ({
  value: medianOf(list, 'p99'),
  unit: list.length > 1 ? `ms (median of ${list.length})` : 'ms',
  note: [
    `${(medianOf(list, 'p99') / medianOf(alone, 'p99')).toFixed(2)}x alone`,
    ...(list.length > 1 ? [`runs ${list.map((run) => run.p99).join(' ')}`] : []),
    `${Math.round(medianOf(list, 'rps'))} req/s`,
    `CPU: main thread ${medianOf(list, 'mainMs')} ms, other threads ${medianOf(list, 'otherMs')} ms`,
    ...list.map((run) => run.note).filter(Boolean).slice(0, 1),
  ].join('; '),
});
const p99Rows = Object.fromEntries((Object.keys(LOADS) as Load[]).flatMap((load) => [
  [`p99 alone, ${LOADS[load]} connections`, p99Row(runs[load].alone, runs[load].alone)],
  [`p99 while 100 calls store nothing, ${LOADS[load]} conn.`, p99Row(runs[load].calls, runs[load].alone)],
  [`p99 while they store 100k points, ${LOADS[load]} conn.`, p99Row(runs[load].written, runs[load].alone)],
  [`p99 while 100k points read, ${LOADS[load]} conn.`, p99Row(runs[load].read, runs[load].alone)],
]));

console.table({
  'monitored calls': { value: acknowledged, unit: 'requests', note: `${Math.round(writeRps)} req/s, ${non2xx} failed` },
  // The second start's probe is one more monitored call.
  'rows after SIGTERM + restart': { value: rows, unit: 'rows', note: rows === acknowledged + 1 ? `${acknowledged} + 1 probe: none lost` : `LOST ${acknowledged + 1 - rows}` },
  '/~monitor of 100k points': { value: Math.round(median(readTimes)), unit: 'ms (median of 5)', note: `${readRows} points, ${readMb.toFixed(1)} MB, to the last byte; the client's JSON.parse takes ${Math.round(median(parseTimes))} ms more` },
  'first start to first 200': { value: Math.round(first.ms), unit: 'ms', note: 'process spawn, tsx, PGlite from template' },
  'restart to first 200': { value: Math.round(again.ms), unit: 'ms', note: '' },
  'idle RSS': { value: Math.round(idleRss), unit: 'MB', note: '' },
  ...p99Rows,
  'p99 while 100k points read back to back, 20 conn.': p99Row([readOften], runs.saturated.alone),
});
