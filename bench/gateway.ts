// Gateway throughput and latency against its baselines, all in one run: calling the service
// directly, and a bare node:http + undici proxy in front of the same service; then the gateway
// with one shadow (a second service process) and with a shadow that takes 1 s per answer. Each
// server runs in its own process, loaded with wrk (-t1 -c32), rounds alternated so drift hits
// every server alike. Beside requests/s and latency it reports the CPU time the front process
// (gateway or proxy) spent per request, which a machine loaded by others disturbs less.
// Run: npx tsx bench/gateway.ts [rounds=3] [seconds=5]   (needs wrk: apt-get install wrk)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { startServer, type ServerProcess } from './_process.ts';
import { wrk, type WrkResult } from './_wrk.ts';

const rounds = Number(process.argv[2] ?? 3);
const seconds = Number(process.argv[3] ?? 5);
const body = JSON.stringify({ a: 1, b: 2 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const GATEWAY = 'bench/_gateway-server.ts';
const tick = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString());
// User plus system CPU time of a process, in ms (fields 14 and 15 of /proc/<pid>/stat).
const cpuMs = (server: ServerProcess) => {
  const fields = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * tick;
};

const service = await startServer('mvi');
const shadowService = await startServer('mvi');
const sleepy = await startServer('sleepy', {}, GATEWAY);
const origin = (server: ServerProcess) => new URL(server.url).origin;
const path = new URL(service.url).pathname;
const fronts: Record<string, { readonly kind: string; readonly shadows: readonly ServerProcess[] }> = {
  proxy: { kind: 'proxy', shadows: [] },
  gateway: { kind: 'gateway', shadows: [] },
  'gateway + shadow': { kind: 'gateway', shadows: [shadowService] },
  'gateway + 1 s shadow': { kind: 'gateway', shadows: [sleepy] },
};
const kinds = ['direct', ...Object.keys(fronts)];
type Copies = { mirrored: number; dropped: number; errors: number; agreement: number | null };
const results: Record<string, (WrkResult & { cpuUs: number })[]> = Object.fromEntries(kinds.map((kind) => [kind, []]));
const copies: Record<string, Copies[]> = {};
await wrk(service.url, body, { seconds: 2 }); // warm-up of the service
for (let round = 0; round < rounds; round++) {
  // Fresh fronts every round: two processes of the same server differ by up to a third in CPU
  // per request here, for the whole of their lives (JIT luck, placement).
  const started = Object.fromEntries(
    await Promise.all(
      Object.entries(fronts).map(async ([name, { kind, shadows }]) => [name, await startServer(kind, { MAIN_ORIGIN: origin(service), SHADOW_ORIGINS: shadows.map(origin).join(',') }, GATEWAY)] as const),
    ),
  );
  const measured: Record<string, ServerProcess> = { direct: service, ...started };
  const url = (kind: string) => (kind === 'direct' ? service.url : `${measured[kind]!.url}${path}`);
  for (const kind of kinds) if (kind !== 'direct') await wrk(url(kind), body, { seconds: 1 }); // warm-up: JIT, connections
  for (const kind of kinds) {
    const before = cpuMs(measured[kind]!);
    const result = await wrk(url(kind), body, { seconds });
    results[kind]!.push({ ...result, cpuUs: ((cpuMs(measured[kind]!) - before) * 1000) / result.requests });
  }
  for (const kind of ['gateway + shadow', 'gateway + 1 s shadow']) {
    const report = (await (await request(`${new URL(started[kind]!.url).origin}/report`)).body.json()) as { versions: { version: string; shadow: Copies }[] };
    (copies[kind] ??= []).push(report.versions.find((version) => version.version === '2.0.0')!.shadow);
  }
  await Promise.all(Object.values(started).map((server) => server.stop()));
}
await Promise.all([service, shadowService, sleepy].map((server) => server.stop()));

const summary = Object.fromEntries(kinds.map((kind) => {
  const runs = results[kind]!;
  const failed = runs.reduce((sum, r) => sum + r.failed, 0);
  if (failed) throw new Error(`${kind}: ${failed} failed requests`);
  return [kind, { rps: median(runs.map((r) => r.rps)), p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)), cpuUs: median(runs.map((r) => r.cpuUs)) }];
}));
console.table(Object.fromEntries(Object.entries(summary).map(([kind, s]) => [kind, { 'req/s': Math.round(s.rps), 'p50 ms': s.p50, 'p99 ms': s.p99, 'CPU µs/req': Math.round(s.cpuUs) }])));
const sum = (runs: Copies[], key: 'mirrored' | 'dropped' | 'errors') => runs.reduce((total, run) => total + run[key], 0);
console.table(Object.fromEntries(Object.entries(copies).map(([kind, runs]) => [kind, { mirrored: sum(runs, 'mirrored'), dropped: sum(runs, 'dropped'), errors: sum(runs, 'errors'), agreement: runs.map((run) => run.agreement).join(' ') }])));
const ratio = (a: number, b: number) => (a / b).toFixed(2);
console.table({
  'gateway / bare node:http + undici proxy (req/s)': { measured: ratio(summary.gateway!.rps, summary.proxy!.rps), target: '>= 0.9' },
  'gateway / proxy (CPU per request of the front)': { measured: ratio(summary.gateway!.cpuUs, summary.proxy!.cpuUs), target: '' },
  'gateway / direct (req/s)': { measured: ratio(summary.gateway!.rps, summary.direct!.rps), target: '' },
  'gateway + shadow / gateway (req/s)': { measured: ratio(summary['gateway + shadow']!.rps, summary.gateway!.rps), target: '' },
  'p99 with a 1 s shadow / p99 without': { measured: ratio(summary['gateway + 1 s shadow']!.p99, summary.gateway!.p99), target: '<= 1.05' },
});
