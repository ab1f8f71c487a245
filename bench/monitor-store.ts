// The PGlite monitoring store: points per second persisted, time to read 20 000 points, rows
// found after 100 000 writes + close + reopen, open time (first start, restart, in memory),
// RSS, and how often the main thread's event loop ran meanwhile. Then reads at scale in stores
// of 1 000 000 mixed points written in large and in small batches: readJson of the 20 000
// points of one variable, /~monitor of 100 000 over HTTP, and /~monitor/db and /~monitor/csv
// of the whole store (time, the longest stall of the main thread's event loop, and the peak
// RSS of the process meanwhile).
// Run: npx tsx bench/monitor-store.ts [points=100000] [scale=1000000]
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { MonitorPoint, MonitorStore } from '../lib/monitor/types.ts';
import { built } from './_built.ts';
import { buildPackage } from './_process.ts';

// The store runs as the package ships it, built first (the children that open it come after).
if (process.argv[2] !== '--open') buildPackage();
const { defineService } = (await built('index')) as typeof import('../lib/index.ts');
const { serve } = (await built('runtime/serve')) as typeof import('../lib/runtime/serve.ts');
const { makePgliteTemplate } = (await built('monitor/pglite-template')) as typeof import('../lib/monitor/pglite-template.ts');
const { createPgliteStore } = (await built('monitor/pglite-store')) as typeof import('../lib/monitor/pglite-store.ts');

const rssMb = () => Math.round(process.memoryUsage().rss / 1e6);
// CPU time of threads of this process, in ms, from the scheduler's nanosecond count: on a machine
// shared with other work, CPU per point drifts far less than points per second.
const threadIds = () => new Set(readdirSync('/proc/self/task'));
const cpuMsOf = (tids: Iterable<string>) => [...tids].reduce((sum, tid) => sum + Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]) / 1e6, 0);
// Bytes of the files under `dir`.
const sizeOf = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).reduce((sum, entry) => (entry.isFile() ? sum + statSync(join(entry.parentPath, entry.name)).size : sum), 0);
const ms = (start: number) => Math.round(performance.now() - start);

// Child mode: open a store in a fresh process, as a service starting would, and report.
if (process.argv[2] === '--open') {
  const dataDir = process.argv[3] === 'memory' ? undefined : process.argv[3];
  const start = performance.now();
  const store = await createPgliteStore({ dataDir });
  const openMs = ms(start);
  const rows = Object.values(await store.read()).reduce((n, series) => n + series.value.length, 0);
  console.log(JSON.stringify({ openMs, rows, rssMb: rssMb() }));
  await store.close();
  process.exit(0);
}

const openInChild = (target: string): { openMs: number; rows: number; rssMb: number } =>
  JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'bench/monitor-store.ts', '--open', target], { encoding: 'utf8' }));

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const total = Number(process.argv[2] ?? 100_000);
const variables = ['temperature', 'pressure', 'predict_request', 'predict_response', 'load'];
const t0 = Date.UTC(2026, 0, 1);
const points: MonitorPoint[] = Array.from({ length: total }, (_, i) => ({
  variable: variables[i % variables.length]!,
  timestamp: t0 + i,
  value: i % 2 ? i * 0.5 : JSON.stringify({ sepal_length: 5.9, sepal_width: 3, index: i }),
}));

const dir = await mkdtemp(join(tmpdir(), 'mvi-bench-store-'));
try {
  const templateStart = performance.now();
  await makePgliteTemplate();
  const initdbMs = ms(templateStart);

  const first = openInChild(join(dir, 'first'));
  const restart = openInChild(join(dir, 'first'));
  const memory = openInChild('memory');

  const beforeStore = threadIds();
  const store = await createPgliteStore({ dataDir: join(dir, 'data') });
  const workerThreads = [...threadIds()].filter((tid) => !beforeStore.has(tid));
  const idleRss = rssMb();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  let ticks = 0;

  // As a busy service would: many small writes, then wait until every point is stored.
  const writeAll = async (target: MonitorStore, offset: number) => {
    const start = performance.now();
    for (let i = 0; i < total; i += 10) {
      target.write(points.slice(i, i + 10).map((p) => ({ ...p, timestamp: p.timestamp + offset })));
    }
    const acceptMs = ms(start);
    // Watch the event loop only while the store works: the loop above is the bench's own.
    ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 10);
    loop.reset();
    loop.enable();
    await target.flush();
    loop.disable();
    clearInterval(ticker);
    return { acceptMs, writeMs: ms(start), flushTicks: ticks };
  };
  const cold = await writeAll(store, 0);
  const flushDelay = { max: Math.round(loop.max / 1e6), p99: Math.round(loop.percentile(99) / 1e6) };
  // A fresh worker runs PGlite's JavaScript and WebAssembly unoptimized at first.
  const [mainBefore, workerBefore] = [cpuMsOf([String(process.pid)]), cpuMsOf(workerThreads)];
  const warm = [await writeAll(store, total), await writeAll(store, 2 * total)];
  const warmCpu = { main: cpuMsOf([String(process.pid)]) - mainBefore, worker: cpuMsOf(workerThreads) - workerBefore };
  const warmMs = warm[0]!.writeMs + warm[1]!.writeMs;

  const readTimes: number[] = [];
  let readCount = 0;
  for (let i = 0; i < 10; i++) {
    const start = performance.now();
    const data = await store.read({ variables: ['temperature', 'pressure'], start: t0, end: t0 + 49_999 });
    readTimes.push(performance.now() - start);
    readCount = data.temperature!.value.length + data.pressure!.value.length;
  }
  const allStart = performance.now();
  await store.read({ start: t0, end: t0 + total - 1 });
  const readAllMs = ms(allStart);
  const busyRss = rssMb();
  await store.close();

  const fresh = await createPgliteStore({ dataDir: join(dir, 'restart') });
  await writeAll(fresh, 0);
  const closeStart = performance.now();
  await fresh.close();
  const closeMs = ms(closeStart);
  const reopened = openInChild(join(dir, 'restart'));

  console.log(`persisted: ${Math.round((total / cold.writeMs) * 1000)} points/s on a fresh store (${total} points; write() calls took ${cold.acceptMs} ms of the ${cold.writeMs} ms until flush() resolved), ${Math.round(((2 * total) / warmMs) * 1000)} points/s on the next ${2 * total}   target >= 100000/s`);
  console.log(`CPU per point persisted (the next ${2 * total}): ${((warmCpu.worker * 1000) / (2 * total)).toFixed(2)} µs in the store's worker, ${((warmCpu.main * 1000) / (2 * total)).toFixed(2)} µs on this thread (write() calls and the bench's own copies of the points)`);
  console.log(`read ${readCount} points: median ${median(readTimes).toFixed(1)} ms, best ${Math.min(...readTimes).toFixed(1)} ms   target <= 50 ms`);
  console.log(`read ${total} points: ${readAllMs} ms`);
  console.log(`event loop while the first ${total} points were stored: ${cold.flushTicks} ticks of a 10 ms interval in ${cold.writeMs - cold.acceptMs} ms; delay max ${flushDelay.max} ms, p99 ${flushDelay.p99} ms`);
  console.log(`rows after ${total} writes + close (${closeMs} ms) + reopen: ${reopened.rows} (must be ${total})`);
  console.log(`template (initdb, once per PGlite version): ${initdbMs} ms`);
  console.log(`open: first start ${first.openMs} ms, restart ${restart.openMs} ms, in memory ${memory.openMs} ms, restart with ${total} rows ${reopened.openMs} ms`);
  console.log(`RSS: ${first.rssMb} MB after first start, ${restart.rssMb} MB after restart, ${idleRss} MB idle here (with ${total} points in the bench's own memory), ${busyRss} MB after the writes and reads`);
  if (reopened.rows !== total) process.exitCode = 1;

  await readsAtScale(join(dir, 'scale'), Number(process.argv[3] ?? 1_000_000));
} finally {
  await rm(dir, { recursive: true, force: true });
}

// The longest the main thread's event loop stalled, and the peak RSS, while `work` runs.
async function watched<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; stallMs: number; peakRssMb: number }> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  let peak = rssMb();
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 5);
  delay.enable();
  const start = performance.now();
  const result = await work();
  const elapsed = performance.now() - start;
  delay.disable();
  clearInterval(sampler);
  return { result, ms: elapsed, stallMs: Math.round(delay.max / 1e6), peakRssMb: Math.max(peak, rssMb()) };
}

// Which variable the point at `j` belongs to: `target` has one in 50 (20 000 of 1 000 000),
// `numbers` and `texts` one in 10 each, and 47 more share the rest; values are numbers except
// for `texts` and every third other point (JSON text, as entrypoints store).
function scalePoint(j: number): MonitorPoint {
  const variable = j % 50 === 0 ? 'target' : j % 10 === 1 ? 'numbers' : j % 10 === 2 ? 'texts' : `other_${j % 50}`;
  const text = variable === 'texts' || (variable.startsWith('other') && j % 3 === 0);
  return { variable, timestamp: t0 + j, value: text ? JSON.stringify({ sepal_length: 5.9, index: j }) : j * 0.5 };
}

async function readsAtScale(dataDir: string, size: number) {
  // A busy service hands the worker batches of up to 25 000 points; a quiet one, a few points
  // at a time. Each batch is a chunk per variable: smaller batches make more, smaller chunks.
  for (const batchSize of [25_000, 500]) {
    const store = await createPgliteStore({ dataDir: `${dataDir}-${batchSize}` });
    for (let i = 0; i < size; i += batchSize) {
      store.write(Array.from({ length: Math.min(batchSize, size - i) }, (_, k) => scalePoint(i + k)));
      await store.flush();
    }
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 10; i++) {
      const start = performance.now();
      bytes = (await store.readJson({ variables: ['target'] })).length;
      times.push(performance.now() - start);
    }
    console.log(`\nstore of ${size} mixed points written in batches of ${batchSize}:`);
    console.log(`  readJson of the 20000 points of one variable: median ${median(times).toFixed(1)} ms, best ${Math.min(...times).toFixed(1)} ms (${(bytes / 1e6).toFixed(1)} MB of JSON)   target <= 50 ms`);
    if (batchSize === 500) await store.close();
    else await readsOverHttp(store, size);
    // Closed, so that every page is in its file: the tables, their indexes and PostgreSQL's catalogs.
    console.log(`  on disk: ${(sizeOf(join(`${dataDir}-${batchSize}`, 'pgdata', 'base')) / size).toFixed(1)} bytes per point (pgdata/base)`);
  }
}

async function readsOverHttp(store: MonitorStore, size: number) {
  const service = defineService({ name: 'scale', version: '1.0.0' });
  const running = await serve(service, { port: 0, store, env: {}, accessLog: false, handleSignals: false });
  try {
    for (const variable of ['numbers', 'texts']) {
      const httpTimes: number[] = [];
      let count = 0;
      for (let i = 0; i < 10; i++) {
        const start = performance.now();
        const data = (await (await fetch(`${running.url}/~monitor?variables=${variable}`)).json()) as Record<string, { value: unknown[] }>;
        httpTimes.push(performance.now() - start);
        count = data[variable]!.value.length;
      }
      console.log(`  GET /~monitor of the ${count} points of ${variable} over HTTP, parsed: median ${median(httpTimes).toFixed(1)} ms, best ${Math.min(...httpTimes).toFixed(1)} ms   target <= 150 ms`);
    }
    // The dump first: a large read grows the worker's WebAssembly memory for good.
    const dumpIdle = rssMb();
    const dump = await watched(async () => {
      let bytes = 0;
      for await (const chunk of (await fetch(`${running.url}/~monitor/db`)).body!) bytes += chunk.byteLength;
      return bytes;
    });
    console.log(`  GET /~monitor/db of all ${size} points: ${Math.round(dump.ms)} ms, ${(dump.result / 1e6).toFixed(1)} MB of SQL; event loop stalled up to ${dump.stallMs} ms; RSS ${dumpIdle} -> peak ${dump.peakRssMb} MB`);
    const idle = rssMb();
    const csv = await watched(async () => (await (await fetch(`${running.url}/~monitor/csv`)).arrayBuffer()).byteLength);
    console.log(`  GET /~monitor/csv of all ${size} points: ${Math.round(csv.ms)} ms, ${(csv.result / 1e6).toFixed(1)} MB zip; event loop stalled up to ${csv.stallMs} ms; RSS ${idle} -> peak ${csv.peakRssMb} MB`);
  } finally {
    await running.close();
  }
}
