// One replica's monitoring writes, for bench/postgres-scale-out.ts: opens the PostgreSQL store
// of the schema given, prints `ready`, and on each line `go <points> <rate>` on stdin writes that
// many points of monitored calls (a request and a response each) as a busy service would (as fast
// as the store takes them, or `rate` points a second when not 0), waits until all are persisted, and prints `{ ms, cpuMs }` (the time that took, and the CPU the process used
// meanwhile, all threads); it closes the store and ends with its standard input.
import { createInterface } from 'node:readline';
import type { MonitorPoint } from '../lib/monitor/types.ts';
import { built } from './_built.ts';

// The store as the package ships it, built by bench/postgres-scale-out.ts before it starts this.
const { createPostgresStore } = (await built('monitor/postgres-store')) as typeof import('../lib/monitor/postgres-store.ts');
const [url, schema, replicaId] = process.argv.slice(2) as [string, string, string];
const store = await createPostgresStore({ url, schema, replicaId });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

// A monitored call of a small model service: its request body and its answer, as text.
const call = (i: number, now: number): MonitorPoint[] => [
  { variable: 'predict_request', timestamp: now, value: `{"sepal_length":5.9,"sepal_width":3,"index":${i}}` },
  { variable: 'predict_response', timestamp: now, value: `{"species":"versicolor","p":0.${i % 1000}}` },
];

async function run(points: number, rate: number) {
  const started = performance.now();
  const startCpu = cpuMs();
  let i = 0;
  while (i * 2 < points) {
    // Calls come one by one; the store's buffer holds the backlog, and the writer waits while
    // 200 000 points wait (a service's store would answer 503 at its bound), or until the rate allows more.
    const allowed = rate > 0 ? ((performance.now() - started) / 1000) * rate : Number.POSITIVE_INFINITY;
    if (store.stats().buffered > 200_000 || i * 2 >= allowed) {
      await pause(5);
      continue;
    }
    const now = Date.now();
    for (let k = 0; k < 500 && i * 2 < points && i * 2 < allowed; k++) store.write(call(i++, now));
    await new Promise((resolve) => setImmediate(resolve));
  }
  await store.flush();
  return { ms: performance.now() - started, cpuMs: cpuMs() - startCpu };
}

console.log('ready');
for await (const line of createInterface({ input: process.stdin })) {
  const [command, points, rate] = line.split(' ');
  if (command === 'go') console.log(JSON.stringify(await run(Number(points), Number(rate ?? 0))));
}
await store.close();
