// The PostgreSQL store scaled out: points of monitored calls persisted per second into one
// PostgreSQL server by 1, 2 and 4 replicas (processes) of a version writing at once, each as
// many points as it can (the same number each), with the CPU each point took in the replicas and
// in the server's backends. Target: 4 replicas persist >= 3x the points per second of 1. On one
// machine every replica shares its cores with the server, so a second set of rounds offers each
// replica a steady load (`rate` points a second, as a service answering rate/2 monitored calls a
// second stores): whether the one server keeps up with 4 of them, at what CPU per point, is what
// replicas on machines of their own would see.
// Run: npx tsx bench/postgres-scale-out.ts [points per replica=200000] [rate=12000] [url=postgres://postgres@127.0.0.1:5432/test]
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import postgres from 'postgres';
import { buildPackage, processCpuMs } from './_process.ts';

// The replicas' store runs as the package ships it (bench/_postgres-writer.ts).
buildPackage();
const perReplica = Number(process.argv[2] ?? 200_000);
const rate = Number(process.argv[3] ?? 12_000);
const url = process.argv[4] ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `mvi_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
const admin = postgres(url, { max: 1, onnotice: () => {} });

interface Writer {
  readonly child: ChildProcess;
  next(): Promise<string>;
}

function startWriter(id: string): Promise<Writer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/_postgres-writer.ts', url, schema, id], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const writer = { child, next: async () => String((await lines.next()).value) };
  return writer.next().then(() => writer);
}

// CPU (user + system, ms) of the server's backends serving the bench's replicas, from /proc.
async function backendCpuMs(): Promise<number> {
  const rows = await admin<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE application_name LIKE 'mvi bench-%'`;
  return rows.reduce((total, { pid }) => total + processCpuMs(pid), 0);
}

interface Round {
  readonly load: string;
  readonly replicas: number;
  readonly pointsPerSecond: number;
  readonly replicaCpuUsPerPoint: number;
  readonly serverCpuUsPerPoint: number;
}

async function round(count: number, offered: number): Promise<Round> {
  const writers = await Promise.all(Array.from({ length: count }, (_, i) => startWriter(`bench-${count}-${i}`)));
  const serverBefore = await backendCpuMs();
  const started = performance.now();
  for (const writer of writers) writer.child.stdin!.write(`go ${perReplica} ${offered}\n`);
  const results = (await Promise.all(writers.map((writer) => writer.next()))).map((line) => JSON.parse(line) as { ms: number; cpuMs: number });
  const seconds = (performance.now() - started) / 1000;
  // Once every point is persisted: what the server did for them.
  const serverMs = (await backendCpuMs()) - serverBefore;
  for (const writer of writers) writer.child.stdin!.end();
  await Promise.all(writers.map((writer) => new Promise((resolve) => writer.child.once('exit', resolve))));
  const written = perReplica * count;
  return {
    load: offered ? `${offered} points/s each` : 'as much as each can',
    replicas: count,
    pointsPerSecond: Math.round(written / seconds),
    replicaCpuUsPerPoint: Number(((results.reduce((n, r) => n + r.cpuMs, 0) * 1000) / written).toFixed(1)),
    serverCpuUsPerPoint: Number(((serverMs * 1000) / written).toFixed(1)),
  };
}

try {
  const ratios: string[] = [];
  const rounds: Round[] = [];
  for (const offered of [0, rate]) {
    const set: Round[] = [];
    // 1 again at the end: the machine's other load drifts; the ratio takes the mean of both.
    for (const count of [1, 2, 4, 1]) set.push(await round(count, offered));
    rounds.push(...set);
    const one = (set[0]!.pointsPerSecond + set[3]!.pointsPerSecond) / 2;
    ratios.push(`${set[0]!.load}: 4 replicas / 1 = ${(set[2]!.pointsPerSecond / one).toFixed(2)}x, 2 / 1 = ${(set[1]!.pointsPerSecond / one).toFixed(2)}x`);
  }
  console.table(rounds);
  console.log(`${ratios.join('; ')} (target: 4 / 1 >= 3x); cores here: ${availableParallelism()}`);
} finally {
  await admin`DROP SCHEMA IF EXISTS ${admin(schema)} CASCADE`;
  await admin.end();
}
