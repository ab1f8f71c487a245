import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createConsola } from 'consola';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteStore } from '../../lib/monitor/pglite-store.ts';
import { pgliteTemplate } from '../../lib/monitor/pglite-template.ts';
import { CREATE_MONITOR_TABLE, CREATE_SAMPLES_TABLE } from '../../lib/monitor/table-sql.ts';
import type { MonitorPoint } from '../../lib/monitor/types.ts';
import { captureLogs } from '../utilities/_capture-logs.ts';
import { killChild, startReadyChild } from './_child.ts';
import { monitorStoreConformance } from './_conformance.ts';
import { restoreWithPglite } from './_restore-dump.ts';

const T = Date.UTC(2026, 0, 1);
const points = (count: number, variables = ['temperature', 'request']): MonitorPoint[] =>
  Array.from({ length: count }, (_, i) => ({
    variable: variables[i % variables.length]!,
    timestamp: T + i,
    value: i % 2 ? i / 4 : JSON.stringify({ i }),
  }));
const count = (data: Record<string, { value: unknown[] }>) => Object.values(data).reduce((n, series) => n + series.value.length, 0);

const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mvi-pglite-store-'));
  dirs.push(dir);
  return dir;
};

// The first run on a machine makes the template (initdb: seconds); every later store reuses it.
beforeAll(() => pgliteTemplate(), 120_000);
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

monitorStoreConformance('createPgliteStore() in memory', () => createPgliteStore());

describe('createPgliteStore() on disk', () => {
  it('keeps every point accepted before close() across a restart', async () => {
    const dir = await tempDir();
    const first = await createPgliteStore({ dataDir: dir, flushInterval: 60_000 });
    const written = points(10_000);
    for (let i = 0; i < written.length; i += 100) first.write(written.slice(i, i + 100));
    await first.close(); // no flush() first: close() must write them

    const second = await createPgliteStore({ dataDir: dir });
    const data = await second.read();
    expect(count(data)).toBe(10_000);
    expect(data.temperature?.value.slice(0, 2)).toEqual([JSON.stringify({ i: 0 }), JSON.stringify({ i: 2 })]);
    expect(data.request?.value.at(-1)).toBe(9_999 / 4);
    await second.close();
  }, 60_000);

  it('keeps parameter values saved before close() across a restart, the newest of each', async () => {
    const dir = await tempDir();
    const first = await createPgliteStore({ dataDir: dir, openInBackground: true });
    // Saved while PGlite still opens: they wait, like points, and close() writes them.
    first.saveParameter('threshold', '0.5');
    first.saveParameter('threshold', '0.7');
    first.saveParameter('labels', '["a","b"]');
    first.saveParameter('dropped', '1');
    await first.close();

    const second = await createPgliteStore({ dataDir: dir });
    expect(await second.loadParameters()).toEqual({ threshold: '0.7', labels: '["a","b"]', dropped: '1' });
    second.saveParameter('dropped', null);
    second.saveParameter('threshold', '0.9');
    await second.close();

    const third = await createPgliteStore({ dataDir: dir });
    expect(await third.loadParameters()).toEqual({ threshold: '0.9', labels: '["a","b"]' });
    await third.close();
  }, 60_000);

  it('runs its worker thread 10 nice levels below the threads that answer requests', async () => {
    // Field 19 of /proc/<pid>/task/<tid>/stat, the 17th after the parenthesized name.
    const niceOf = (tid: string) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[16]);
    const before = new Set(readdirSync('/proc/self/task'));
    const store = await createPgliteStore();
    try {
      const mine = niceOf(String(process.pid));
      const started = readdirSync('/proc/self/task').filter((tid) => !before.has(tid));
      expect(started.map(niceOf)).toContain(Math.min(19, mine + 10));
      expect(niceOf(String(process.pid))).toBe(mine);
    } finally {
      await store.close();
    }
  });

  it('counts points as buffered until they are written', async () => {
    const store = await createPgliteStore({ flushInterval: 60_000 });
    store.write(points(10));
    expect(store.stats()).toMatchObject({ buffered: 10, written: 0 });
    await store.flush();
    const { buffered, written, flushSeconds } = store.stats();
    expect({ buffered, written }).toEqual({ buffered: 0, written: 10 });
    expect(flushSeconds.cumulative.at(-1)).toBe(1);
    await store.close();
  }, 60_000);

  it('keeps the points of each variable that one write brings as one compressed row of `mvi_chunks`, names as data', async () => {
    const dir = await tempDir();
    const store = await createPgliteStore({ dataDir: dir, flushInterval: 60_000 });
    const evil = `x"); CREATE TABLE evil (id int); --`;
    store.write([
      { variable: 'a number', timestamp: T + 3, value: 1.5 },
      { variable: 'mvi_points', timestamp: T + 1, value: '1.5' },
      { variable: evil, timestamp: T + 2, value: 'text' },
      { variable: 'a number', timestamp: T, value: 2.5 },
    ]);
    store.write(Array.from({ length: 10_000 }, (_, i) => ({ variable: 'request', timestamp: T + i, value: JSON.stringify({ sepal_length: 5.1, i }) })));
    await store.close();

    const db = await PGlite.create({ dataDir: join(dir, 'pgdata') });
    try {
      const tables = await db.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
      // Beside the points and their names: the kept parameters, and when retention last ran.
      expect(tables.rows).toEqual([{ tablename: 'mvi_chunks' }, { tablename: 'mvi_parameters' }, { tablename: 'mvi_retention' }, { tablename: 'mvi_variables' }]);
      const chunks = await db.query(`SELECT v.name, c.points, to_char(c.first_ts, 'SS.MS') AS first, to_char(c.last_ts, 'SS.MS') AS last
        FROM mvi_chunks c JOIN mvi_variables v ON v.id = c.variable_id ORDER BY c.id`);
      expect(chunks.rows).toEqual([
        { name: 'a number', points: 2, first: '00.000', last: '00.003' },
        { name: 'mvi_points', points: 1, first: '00.001', last: '00.001' },
        { name: evil, points: 1, first: '00.002', last: '00.002' },
        { name: 'request', points: 10_000, first: '00.000', last: '09.999' },
      ]);
      // 10 000 texts of 30 bytes in much less than their own size: deflated.
      const size = await db.query<{ bytes: number }>(`SELECT octet_length(data) AS bytes FROM mvi_chunks WHERE points = 10000`);
      expect(size.rows[0]!.bytes).toBeLessThan(100_000);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('moves the points of a folder with the first layout (one table `mvi_points`) into chunks', async () => {
    const dir = await tempDir();
    await (await createPgliteStore({ dataDir: dir })).close();
    const db = await PGlite.create({ dataDir: join(dir, 'pgdata') });
    try {
      await db.exec(`DROP TABLE mvi_chunks, mvi_variables; DROP SEQUENCE mvi_arrivals; ${CREATE_MONITOR_TABLE}`);
      // Inserted out of time order, with a tie, as arrivals may be.
      await db.exec(`INSERT INTO mvi_points (variable, ts, num, txt) VALUES
        ('b', '2026-01-01T00:00:00.002Z', NULL, 'late'),
        ('a', '2026-01-01T00:00:00.001Z', 1, NULL),
        ('a', '2026-01-01T00:00:00.001Z', NULL, 'tie, later'),
        ('a', '2026-01-01T00:00:00.000Z', 0.5, NULL)`);
    } finally {
      await db.close();
    }

    const store = await createPgliteStore({ dataDir: dir });
    const iso = (ms: number) => new Date(ms).toISOString();
    store.write([{ variable: 'a', timestamp: T + 1, value: 'new' }]);
    expect(await store.read()).toEqual({
      a: { timestamp: [iso(T), iso(T + 1), iso(T + 1), iso(T + 1)], value: [0.5, 1, 'tie, later', 'new'] },
      b: { timestamp: [iso(T + 2)], value: ['late'] },
    });
    expect(await store.variables()).toEqual(['a', 'b']);
    await store.close();
  }, 60_000);

  it('moves the points of a folder with the second layout (`mvi_samples`, the view `mvi_points`) into chunks, once', async () => {
    const dir = await tempDir();
    await (await createPgliteStore({ dataDir: dir })).close();
    const db = await PGlite.create({ dataDir: join(dir, 'pgdata') });
    try {
      // The tables of the layout before chunks, as its stores left them, kept parameters included.
      await db.exec(`DROP TABLE mvi_chunks; DROP SEQUENCE mvi_arrivals; ${CREATE_SAMPLES_TABLE}
        CREATE INDEX mvi_samples_variable_ts ON mvi_samples (variable_id, ts, id);
        CREATE INDEX mvi_samples_ts ON mvi_samples USING brin (ts);
        CREATE VIEW mvi_points AS SELECT s.id, v.name AS variable, s.ts, s.num, s.txt FROM mvi_samples s JOIN mvi_variables v ON v.id = s.variable_id;
        INSERT INTO mvi_variables (name) VALUES ('a'), ('b'), ('many');
        INSERT INTO mvi_parameters (name, value) VALUES ('threshold', '0.5');`);
      // Out of time order, a tie between two variables and within one, odd numbers and texts.
      await db.exec(`INSERT INTO mvi_samples (variable_id, ts, num, txt) VALUES
        (2, '2026-01-01T00:00:00.002Z', NULL, 'late'),
        (1, '2026-01-01T00:00:00.001Z', 'NaN', NULL),
        (2, '2026-01-01T00:00:00.001Z', '-Infinity', NULL),
        (1, '2026-01-01T00:00:00.001Z', NULL, E'tie,\\tlater'),
        (1, '2026-01-01T00:00:00.000Z', 0.5, NULL)`);
      await db.exec(`INSERT INTO mvi_samples (variable_id, ts, num, txt)
        SELECT 3, timestamptz '2026-01-01T00:00:00Z' + i * interval '1 ms', i, NULL FROM generate_series(0, 59999) i`);
    } finally {
      await db.close();
    }

    const said: string[] = [];
    const logger = createConsola({ level: 3, reporters: [{ log: (entry) => void said.push(String(entry.args[0])) }] });
    const store = await createPgliteStore({ dataDir: dir, logger });
    expect(said).toEqual([`Moved the 60005 monitoring points of ${dir} into the chunks this version keeps them in (once)`]);
    const iso = (ms: number) => new Date(ms).toISOString();
    store.write([{ variable: 'a', timestamp: T + 1, value: 'new' }]);
    const { many, ...rest } = await store.read();
    expect(rest).toEqual({
      a: { timestamp: [iso(T), iso(T + 1), iso(T + 1), iso(T + 1)], value: [0.5, Number.NaN, 'tie,\tlater', 'new'] },
      b: { timestamp: [iso(T + 1), iso(T + 2)], value: [-Infinity, 'late'] },
    });
    expect(many?.value).toEqual(Array.from({ length: 60_000 }, (_, i) => i));
    expect(many?.timestamp.at(-1)).toBe(iso(T + 59_999));
    expect(await store.variables()).toEqual(['a', 'b', 'many']);
    expect(await store.loadParameters()).toEqual({ threshold: '0.5' });
    // The dump keeps the arrival order of the old ids: 'a' before 'b' at T + 1, then the new point.
    const restored = (await restoreWithPglite(await store.dump())).filter(([variable]) => variable !== 'many');
    expect(restored).toEqual([
      ['a', T, 0.5],
      ['a', T + 1, Number.NaN],
      ['b', T + 1, -Infinity],
      ['a', T + 1, 'tie,\tlater'],
      ['a', T + 1, 'new'],
      ['b', T + 2, 'late'],
    ]);
    await store.close();

    const check = await PGlite.create({ dataDir: join(dir, 'pgdata') });
    try {
      const left = await check.query(`SELECT relname FROM pg_class WHERE relname IN ('mvi_samples', 'mvi_points') ORDER BY 1`);
      expect(left.rows).toEqual([]);
      const chunks = await check.query<{ points: number }>(`SELECT points FROM mvi_chunks c JOIN mvi_variables v ON v.id = c.variable_id WHERE v.name = 'many' ORDER BY c.id`);
      expect(chunks.rows.map((row) => row.points)).toEqual([25_000, 25_000, 10_000]);
    } finally {
      await check.close();
    }
    // Opened again, nothing moves twice.
    const again = await createPgliteStore({ dataDir: dir, logger });
    expect(count(await again.read())).toBe(60_006);
    await again.close();
    expect(said).toHaveLength(1);
  }, 120_000);

  it('refuses a folder that another live process holds, and takes it over once that process is killed', async () => {
    const dir = await tempDir();
    const holder = await startReadyChild('spec/monitor/_hold-store.ts', [dir]);
    try {
      const refusal = createPgliteStore({ dataDir: dir });
      await expect(refusal).rejects.toThrow(`The data folder ${dir} is in use by process ${holder.pid}`);
    } finally {
      await killChild(holder);
    }
    // kill -9 skipped close(): the lock is stale and the flushed points are on disk.
    const store = await createPgliteStore({ dataDir: dir });
    expect((await store.read()).held?.value).toEqual([0, 1, 2]);
    await store.close();
  }, 60_000);

  it('opening in the background accepts writes at once and keeps them', async () => {
    const dir = await tempDir();
    const store = await createPgliteStore({ dataDir: dir, openInBackground: true });
    store.write(points(1000));
    await store.ready;
    await store.close();
    const reopened = await createPgliteStore({ dataDir: dir });
    expect(count(await reopened.read())).toBe(1000);
    await reopened.close();
  });

  it('says through `ready` when it cannot open, and lets go of the folder', async () => {
    const dir = await tempDir();
    // A finished-looking data folder of a PostgreSQL that does not exist: PGlite cannot open it.
    await mkdir(join(dir, 'pgdata'));
    await writeFile(join(dir, 'pgdata', 'PG_VERSION'), '99\n');
    await writeFile(join(dir, 'pgdata', 'mvi-ready'), '');
    // Its failed flushes are logged as they happen; `ready` and `close()` are what this is about.
    const captured = captureLogs();
    try {
      const store = await createPgliteStore({ dataDir: dir, openInBackground: true });
      store.write(points(3));
      await expect(store.ready).rejects.toThrow();
      await expect(store.close()).rejects.toThrow('The monitor store never opened; 3 points were not written');
    } finally {
      captured.restore();
    }
    expect(await readdir(dir)).not.toContain('store.lock');
  });

  it('refuses a second store on a folder this process has open', async () => {
    const dir = await tempDir();
    const store = await createPgliteStore({ dataDir: dir });
    await expect(createPgliteStore({ dataDir: dir })).rejects.toThrow(`The data folder ${dir} is already open in this process`);
    await store.close();
    await (await createPgliteStore({ dataDir: dir })).close();
  }, 60_000);

  it('sets a data folder that was cut off while being made aside, and starts afresh', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'pgdata'));
    await writeFile(join(dir, 'pgdata', 'PG_VERSION'), '18\n');
    const store = await createPgliteStore({ dataDir: dir });
    store.write(points(3));
    await store.close();
    const entries = await readdir(dir);
    expect(entries.filter((entry) => entry.startsWith('pgdata.incomplete-'))).toHaveLength(1);

    const reopened = await createPgliteStore({ dataDir: dir });
    expect(count(await reopened.read())).toBe(3);
    await reopened.close();
    expect((await readdir(dir)).filter((entry) => entry.startsWith('pgdata.incomplete-'))).toHaveLength(1);
  }, 60_000);
});

describe('createPgliteStore() off the calling thread', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((_, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    await fetch(url); // the first fetch sets up its client
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const request = () => fetch(url).then(async (response) => `answered ${await response.text()}`);

  it('answers HTTP and runs timers while it writes and reads 100 000 points', async () => {
    const store = await createPgliteStore();
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    try {
      store.write(points(100_000));
      const flushed = store.flush().then(() => 'flushed');
      expect(await Promise.race([flushed, request()])).toBe('answered ok');
      await flushed;
      const writeTicks = ticks;

      ticks = 0;
      const read = store.read();
      expect(await Promise.race([read.then(() => 'read'), request()])).toBe('answered ok');
      expect(count(await read)).toBe(100_000);
      const readTicks = ticks;

      // Were PGlite on this thread, a 1 ms timer would not fire until each had finished.
      expect(writeTicks).toBeGreaterThan(10);
      expect(readTicks).toBeGreaterThan(10);
    } finally {
      clearInterval(timer);
      await store.close();
    }
  }, 60_000);
});
