// HTTP throughput of an mvi entrypoint against a bare h3 route doing the same JSON work, each
// server in its own process and autocannon as the load generator here.
// Run: npx tsx bench/http.ts [seconds=10] [connections=50]
import autocannon from 'autocannon';
import { startServer } from './_process.ts';

const duration = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 50);
const BODIES = {
  add: JSON.stringify({ a: 1, b: 2 }),
  predict: JSON.stringify({ sepal_length: 5.9, sepal_width: 3.0, petal_length: 4.2, petal_width: 1.5 }),
};

interface Row {
  readonly kind: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly rssMb: number;
}

async function measure(kind: string): Promise<Row> {
  const server = await startServer(kind);
  const body = kind === 'model' ? BODIES.predict : BODIES.add;
  const load = (seconds: number) =>
    autocannon({ url: server.url, method: 'POST', body, headers: { 'content-type': 'application/json' }, connections, duration: seconds });
  await load(2); // warm-up: JIT and connection set-up
  const result = await load(duration);
  const rssMb = server.rssMb();
  await server.stop();
  if (result.non2xx || result.errors) throw new Error(`${kind}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { kind, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, rssMb };
}

const rows: Row[] = [];
const kinds = process.env.BENCH_KINDS?.split(',') ?? ['h3', 'mvi', 'mvi-memory', 'mvi-monitor', 'mvi-log', 'model'];
for (const kind of kinds) rows.push(await measure(kind));
const by = (kind: string) => rows.find((r) => r.kind === kind);
console.table(rows.map((r) => ({ server: r.kind, 'req/s': Math.round(r.rps), 'p50 ms': r.p50, 'p99 ms': r.p99, 'RSS MB': Math.round(r.rssMb) })));
const ratio = (a: string, b: string) => {
  const [x, y] = [by(a), by(b)];
  return x && y ? (x.rps / y.rps).toFixed(2) : 'n/a';
};
console.log(`mvi / h3:             ${ratio('mvi', 'h3')}  (target >= 0.90)`);
console.log(`mvi+monitor / h3:     ${ratio('mvi-monitor', 'h3')}  (target >= 0.85)`);
console.log(`mvi+monitor / mvi:    ${ratio('mvi-monitor', 'mvi')}`);
console.log(`mvi+access log / mvi: ${ratio('mvi-log', 'mvi')}`);
console.log(`mvi (memory store) / h3: ${ratio('mvi-memory', 'h3')}`);
