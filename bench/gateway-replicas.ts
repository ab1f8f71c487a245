// Gateway throughput with 1 vs 2 replicas of a version: the whole manager (serveManager() in its
// own process, auth on) with versions deployed as one replica and as two, each replica a bench
// service run as a command: `light` validates and adds (bench/_server.ts mvi, the manager's
// work dominates), `busy` also spends 0.5 ms of CPU per call (mvi-busy, the service's work
// dominates, as a model's would). Loaded with wrk (-t1 -c32) through /services/{name}/add, rows
// alternated each round. Beside requests/s and latency it reports the CPU per request of the
// manager and of the replicas together, and how the two replicas shared the work.
// Run: npx tsx bench/gateway-replicas.ts [rounds=3] [seconds=5]   (needs wrk: apt-get install wrk)
import { benchCommand, killOutlived, startBenchManager, type BenchManager } from './_manager-process.ts';
import { buildPackage, processCpuMs, startServer } from './_process.ts';
import { wrk, type WrkResult } from './_wrk.ts';

// The gateway and the manager run as the package ships them (bench/_gateway-server.ts).
buildPackage();
const rounds = Number(process.argv[2] ?? 3);
const seconds = Number(process.argv[3] ?? 5);
const body = JSON.stringify({ a: 1, b: 2 });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type Row = { readonly url: string; readonly pids: readonly number[] };
type Measured = WrkResult & { managerUs: number; replicasUs: number; shares: number[] };
const VERSIONS = [
  ['light, 1 replica', 'light_one', 'mvi', 1],
  ['light, 2 replicas', 'light_two', 'mvi', 2],
  ['busy, 1 replica', 'busy_one', 'mvi-busy', 1],
  ['busy, 2 replicas', 'busy_two', 'mvi-busy', 2],
] as const;
const kinds = VERSIONS.map(([kind]) => kind);
const results: Record<string, Measured[]> = Object.fromEntries(kinds.map((kind) => [kind, []]));
// The replicas the manager started (they run detached, in process groups of their own).
const deployed = new Set<number>();
let manager: BenchManager | undefined;
try {
  manager = await startBenchManager(startServer, deployed);
  const rows: Record<string, Row> = {};
  for (const [kind, name, server, replicas] of VERSIONS) {
    const record = await manager.deploy(name, '1.0.0', benchCommand('bench/_server.ts', server), replicas);
    rows[kind] = { url: `${manager.server.url}/services/${name}/add`, pids: record.replicas.map((replica) => replica.pid!) };
  }
  for (const kind of kinds) await wrk(rows[kind]!.url, body, { seconds: 2, headers: manager.headers }); // warm-up: JIT, connections
  for (let round = 0; round < rounds; round++) {
    for (const kind of round % 2 ? [...kinds].reverse() : kinds) {
      const { url, pids } = rows[kind]!;
      const managerBefore = manager.server.cpuMs();
      const replicasBefore = pids.map(processCpuMs);
      const result = await wrk(url, body, { seconds, headers: manager.headers });
      const replicasMs = pids.map((pid, i) => processCpuMs(pid) - replicasBefore[i]!);
      const total = replicasMs.reduce((sum, ms) => sum + ms, 0);
      results[kind]!.push({
        ...result,
        managerUs: ((manager.server.cpuMs() - managerBefore) * 1000) / result.requests,
        replicasUs: (total * 1000) / result.requests,
        shares: replicasMs.map((ms) => ms / total),
      });
    }
  }
} finally {
  await manager?.server.stop();
  killOutlived(deployed);
}

const summary = Object.fromEntries(kinds.map((kind) => {
  const runs = results[kind]!;
  const failed = runs.reduce((sum, r) => sum + r.failed, 0);
  if (failed) throw new Error(`${kind}: ${failed} failed requests`);
  const pick = (key: 'rps' | 'p50' | 'p99' | 'managerUs' | 'replicasUs') => median(runs.map((r) => r[key]));
  const shares = runs[0]!.shares.map((_, i) => median(runs.map((r) => r.shares[i]!)));
  return [kind, { rps: pick('rps'), p50: pick('p50'), p99: pick('p99'), managerUs: pick('managerUs'), replicasUs: pick('replicasUs'), shares }];
}));
console.table(Object.fromEntries(Object.entries(summary).map(([kind, s]) => [kind, {
  'req/s': Math.round(s.rps),
  'p50 ms': s.p50,
  'p99 ms': s.p99,
  'manager CPU µs/req': Math.round(s.managerUs),
  'replicas CPU µs/req': Math.round(s.replicasUs),
  'CPU share per replica': s.shares.map((share) => share.toFixed(2)).join(' / '),
}])));
const s = (kind: string) => summary[kind]!;
console.table(Object.fromEntries((['light', 'busy'] as const).flatMap((load) => [
  [`${load}: 2 replicas / 1 replica (req/s)`, { measured: (s(`${load}, 2 replicas`).rps / s(`${load}, 1 replica`).rps).toFixed(2) }],
  [`${load}: 2 replicas / 1 replica (manager CPU per request)`, { measured: (s(`${load}, 2 replicas`).managerUs / s(`${load}, 1 replica`).managerUs).toFixed(2) }],
])));
