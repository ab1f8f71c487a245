// HTTP throughput and memory of an mvi service against its baselines, all in one run: a bare h3
// route validating the same body with valibot (throughput), and node plus one bare PGlite opened
// with the store's settings (memory). Each server runs in its own process, loaded with wrk
// (-t1 -c32), fresh processes every round, rounds alternated and their order turned so drift
// hits every server alike.
// Run: npx tsx bench/http.ts [rounds=3] [seconds=5]   (needs wrk: apt-get install wrk)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { turned } from './_turned.ts';
import { buildPackage, startServer, type ServerProcess } from './_process.ts';
import { wrk, type WrkResult } from './_wrk.ts';

// The services run as the package ships them (bench/_server.ts).
buildPackage();

const rounds = Number(process.argv[2] ?? 3);
const seconds = Number(process.argv[3] ?? 5);
const body = JSON.stringify({ a: 1, b: 2 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));
// RSS of the process, all its threads (the store's worker included).
const rss = (server: ServerProcess) => Math.round(server.rssMb());

// Memory is compared on a reopened data folder, as after any restart: a folder's first open
// (unpacking the template) leaves more WASM memory behind, which never shrinks.
async function reopened(kind: string): Promise<ServerProcess> {
  const env = { MVI_DATA_DIR: mkdtempSync(join(tmpdir(), `mvi-bench-${kind}-`)) };
  await (await startServer(kind, env)).stop();
  return startServer(kind, env);
}

const floor = await reopened('pglite-floor');
await settle();
const floorMb = rss(floor);
await floor.stop();

const kinds = ['h3', 'mvi', 'mvi-monitor'] as const;
type Kind = (typeof kinds)[number];
const startAll = async () => Object.fromEntries(await Promise.all(kinds.map(async (kind) => [kind, await reopened(kind)] as const))) as Record<Kind, ServerProcess>;
// Server CPU time per request (all threads): on a shared, loaded machine req/s drift with the
// neighbours, CPU per request much less.
type Measured = WrkResult & { readonly cpuUs: number; readonly mainUs: number };
async function measure(server: ServerProcess): Promise<Measured> {
  const [before, mainBefore] = [server.cpuMs(), server.mainCpuMs()];
  const result = await wrk(server.url, body, { seconds });
  const perRequest = (ms: number) => (ms * 1000) / result.requests;
  return { ...result, cpuUs: perRequest(server.cpuMs() - before), mainUs: perRequest(server.mainCpuMs() - mainBefore) };
}
const results: Record<string, Measured[]> = Object.fromEntries(kinds.map((kind) => [kind, []]));
let idleMb = 0;
let loadedMb = 0;
let monitoredCalls = 0;
for (let round = 0; round < rounds; round++) {
  // Fresh servers every round: two processes of the same server differ by up to a third in CPU
  // per request here, for their whole lives (the entrypoint measured 0.76x the bare route with
  // one process of each for all rounds). The order turns from round to round, and every row warms up first: a server idle
  // for the other rows' 16 s has had its heap shrunk by V8's memory reducer and pays more CPU
  // per request for its first seconds under load (see bench/gateway.ts).
  const servers = await startAll();
  await settle();
  if (round === 0) idleMb = rss(servers['mvi-monitor']);
  let calls = 0;
  for (const kind of turned(kinds, round, rounds)) {
    const warm = await wrk(servers[kind].url, body, { seconds: 3 }); // JIT, connections, heap
    const measured = await measure(servers[kind]);
    results[kind]!.push(measured);
    if (kind === 'mvi-monitor') calls = warm.requests + measured.requests;
  }
  if (round === rounds - 1) {
    while (calls < 100_000) calls += (await wrk(servers['mvi-monitor'].url, body, { seconds: 2 })).requests;
    await settle();
    loadedMb = rss(servers['mvi-monitor']);
    monitoredCalls = calls;
  }
  await Promise.all(Object.values(servers).map((server) => server.stop()));
}

const summary = Object.fromEntries(kinds.map((kind) => {
  const runs = results[kind]!;
  const failed = runs.reduce((sum, r) => sum + r.failed, 0);
  if (failed) throw new Error(`${kind}: ${failed} failed requests`);
  const med = (key: 'rps' | 'p50' | 'p99' | 'cpuUs' | 'mainUs') => median(runs.map((r) => r[key]));
  return [kind, { rps: med('rps'), p50: med('p50'), p99: med('p99'), cpuUs: med('cpuUs'), mainUs: med('mainUs') }];
}));
console.table(Object.fromEntries(Object.entries(summary).map(([kind, s]) => [
  kind, {
    'req/s': Math.round(s.rps), 'p50 ms': s.p50, 'p99 ms': s.p99, 'CPU µs/req': s.cpuUs.toFixed(1), 'main thread µs/req': s.mainUs.toFixed(1),
    // The store's worker, and the collector's helper threads.
    'other threads µs/req': (s.cpuUs - s.mainUs).toFixed(1),
  },
])));
const ratio = (a: number, b: number) => (a / b).toFixed(2);
// The same ratios round by round, each of servers measured seconds apart: the machine's speed moves
// between rounds here (bare h3 from 22 000 to 32 000 req/s in one session), which a ratio of
// medians over all rounds mixes in.
const byRound = (kind: Kind) => {
  const ratios = results[kind]!.map((run, round) => run.rps / results.h3![round]!.rps).sort((a, b) => a - b);
  return { label: ratios.map((r) => r.toFixed(2)).join(' '), median: median(ratios).toFixed(2) };
};
const [entrypointRounds, monitoredRounds] = [byRound('mvi'), byRound('mvi-monitor')];
console.table({
  'entrypoint / bare h3 + valibot': { measured: ratio(summary.mvi!.rps, summary.h3!.rps), target: '>= 0.95' },
  'monitored entrypoint (2 points a call) / bare h3': { measured: ratio(summary['mvi-monitor']!.rps, summary.h3!.rps), target: '>= 0.85' },
  [`the same, median of ${rounds} rounds' ratios (${entrypointRounds.label})`]: { measured: entrypointRounds.median, target: '>= 0.95' },
  [`monitored, median of ${rounds} rounds' ratios (${monitoredRounds.label})`]: { measured: monitoredRounds.median, target: '>= 0.85' },
  // The same ratios from CPU time: bare h3's CPU per request over ours, steadier under load.
  'by CPU: bare h3 / entrypoint': { measured: ratio(summary.h3!.cpuUs, summary.mvi!.cpuUs), target: '>= 0.95' },
  'by CPU: bare h3 / monitored entrypoint': { measured: ratio(summary.h3!.cpuUs, summary['mvi-monitor']!.cpuUs), target: '>= 0.85' },
  [`idle RSS ${idleMb} MB / floor ${floorMb} MB`]: { measured: ratio(idleMb, floorMb), target: '<= 1.2' },
  [`RSS after ${monitoredCalls} monitored calls ${loadedMb} MB / floor`]: { measured: ratio(loadedMb, floorMb), target: '<= 1.3' },
});
