import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorPoint, MonitorStore, StoredValue } from '../../lib/monitor/types.ts';
import { restoreDump, restoreWithPglite } from './_restore-dump.ts';

const T = Date.UTC(2026, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();
const point = (variable: string, timestamp: number, value: StoredValue): MonitorPoint => ({ variable, timestamp, value });

/** Names and texts that break naive SQL, COPY or JSON handling. */
export const ODD_TEXTS = [
  `it's "quoted"`,
  'tab\there',
  'new\nline\r\nand return',
  'back\\slash \\N \\t',
  '\\.',
  '',
  'ünïcödé ✓ 😀 𝔘',
  `x'); DROP TABLE mvi_points; --`,
  '{"json": [1, "two"]}',
];

const ODD_NUMBERS = [0, -1.5, 0.1, 1e308, 5e-324, Number.MAX_SAFE_INTEGER, Number.NaN, Infinity, -Infinity];

/** What a backend shared by several processes offers the suite. */
export interface ConformanceOptions {
  /** Two stores on one fresh database, as two replicas of a version open it. */
  readonly replicas?: () => Promise<[MonitorStore, MonitorStore]>;
}

/**
 * The behaviour every `MonitorStore` shares, run against stores from `create`: ordering,
 * inclusive bounds, the variable filter, kept types, retention, dumps, kept parameters,
 * counts for metrics, and closing; with `replicas`, the same over the points of two replicas.
 */
export function monitorStoreConformance(name: string, create: () => Promise<MonitorStore>, options: ConformanceOptions = {}): void {
  if (options.replicas) replicaConformance(name, options.replicas);
  describe(`${name} (MonitorStore conformance)`, () => {
    // One store for the tests that only read what they wrote; each names its own variables.
    let shared: MonitorStore;
    beforeAll(async () => {
      shared = await create();
    }, 60_000);
    afterAll(() => shared?.close());

    const fresh = async (use: (store: MonitorStore) => Promise<void>) => {
      const store = await create();
      try {
        await use(store);
      } finally {
        await store.close();
      }
    };

    it('answers each variable ordered by time then arrival, with ISO UTC timestamps', async () => {
      shared.write([point('order_a', T + 20, 3), point('order_b', T + 5, 'b1'), point('order_a', T + 10, 1)]);
      shared.write([point('order_a', T + 10, 2), point('order_a', T, 0)]);
      // Many points on one millisecond, in one batch: arrival order must survive.
      shared.write(Array.from({ length: 50 }, (_, i) => point('order_c', T, i)));
      const data = await shared.read({ variables: ['order_a', 'order_b', 'order_c'] });
      expect(data).toEqual({
        order_a: { timestamp: [iso(T), iso(T + 10), iso(T + 10), iso(T + 20)], value: [0, 1, 2, 3] },
        order_b: { timestamp: [iso(T + 5)], value: ['b1'] },
        order_c: { timestamp: Array(50).fill(iso(T)), value: Array.from({ length: 50 }, (_, i) => i) },
      });
    });

    it('includes both bounds of a time range', async () => {
      shared.write([0, 999, 1000, 1001, 2000, 2001].map((dt) => point('bounds', T + dt, dt)));
      expect((await shared.read({ variables: ['bounds'], start: T + 1000, end: T + 2000 })).bounds?.value).toEqual([1000, 1001, 2000]);
      expect((await shared.read({ variables: ['bounds'], start: T + 1001 })).bounds?.value).toEqual([1001, 2000, 2001]);
      expect((await shared.read({ variables: ['bounds'], end: T + 999 })).bounds?.value).toEqual([0, 999]);
      expect(await shared.read({ variables: ['bounds'], start: T + 3000 })).toEqual({});
    });

    it('answers readJson with the UTF-8 JSON of what read answers', async () => {
      shared.write([point('json_a', T, 1.5), point('json_a', T + 1, 'x"y'), point('json_b', T + 2, 'b')]);
      for (const query of [{ variables: ['json_a', 'json_b'] }, { variables: ['json_a'], start: T + 1 }]) {
        expect(JSON.parse(new TextDecoder().decode(await shared.readJson(query)))).toEqual(await shared.read(query));
      }
    });

    it('answers readJson as JSON.stringify would for odd values, names and times, NaN and ±Infinity as null', async () => {
      const times = [Date.UTC(1, 0, 1), Date.UTC(1969, 11, 31, 23, 59, 59, 999), T + 86_399_999, Date.UTC(9999, 11, 31, 23, 59, 59, 999)];
      shared.write([
        ...ODD_NUMBERS.map((value, i) => point('json_numbers', T + i, value)),
        ...ODD_TEXTS.map((value, i) => point('json_texts', T + i, value)),
        ...ODD_TEXTS.map((name, i) => point(`json ${name}`, times[i % times.length]!, i)),
        point('json_both', T, 1),
        point('json_both', T + 1, 'one'),
        point('json_both', T + 2, Number.NaN),
      ]);
      const variables = ['json_numbers', 'json_texts', 'json_both', ...ODD_TEXTS.map((name) => `json ${name}`)];
      for (const query of [{ variables }, { variables, start: T + 1, end: T + 5 }, { variables: ['json_none'] }]) {
        const json = new TextDecoder().decode(await shared.readJson(query));
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(await shared.read(query))));
      }
    });

    it('zips one CSV per variable, with the header timestamp,value', async () => {
      shared.write([point('csv_a', T, 1.5), point('csv_a', T + 1, 'x,"y"'), point('csv/b', T + 2, 'b')]);
      const files = unzipSync(await shared.readCsvZip({ variables: ['csv_a', 'csv/b'] }));
      expect(Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, strFromU8(bytes)]))).toEqual({
        'csv_a.csv': `timestamp,value\n${iso(T)},1.5\n${iso(T + 1)},"x,""y"""\n`,
        'csv_b.csv': `timestamp,value\n${iso(T + 2)},b\n`,
      });
    });

    it('zips a CSV of many pieces whole: every row once, in order, across the pieces it is compressed in', async () => {
      const n = 20_002;
      shared.write(Array.from({ length: n }, (_, i) => point('csv_long', T + i, i % 3 === 0 ? `t${i}` : i)));
      const text = strFromU8(unzipSync(await shared.readCsvZip({ variables: ['csv_long'] }))['csv_long.csv']!);
      const lines = text.split('\n');
      expect(lines).toHaveLength(n + 2);
      expect(lines[0]).toBe('timestamp,value');
      expect(lines[1]).toBe(`${iso(T)},t0`);
      expect(lines[8193]).toBe(`${iso(T + 8192)},8192`);
      expect(lines[n]).toBe(`${iso(T + n - 1)},t${n - 1}`);
      expect(lines[n + 1]).toBe('');
    });

    it('writes, and says so', async () => {
      shared.write([point('status', T, 1)]);
      await shared.flush();
      expect(shared.status()).toEqual({ failing: undefined, full: false });
    });

    it('reads only the variables asked for, and every variable when none are named', async () => {
      shared.write([point('filter_x', T, 1), point('filter_y', T, 2), point('filter_z', T, 3)]);
      expect(Object.keys(await shared.read({ variables: ['filter_x', 'filter_z', 'filter_unknown'] })).sort()).toEqual(['filter_x', 'filter_z']);
      expect(await shared.read({ variables: [] })).toEqual({});
      expect(Object.keys(await shared.read())).toEqual(expect.arrayContaining(['filter_x', 'filter_y', 'filter_z']));
    });

    it('keeps numbers as numbers and text as text, odd values included', async () => {
      const values: StoredValue[] = [...ODD_NUMBERS, '42', '1e3', 'NaN', ...ODD_TEXTS];
      shared.write(values.map((value, i) => point('types', T + i, value)));
      expect((await shared.read({ variables: ['types'] })).types?.value).toEqual(values);
    });

    it('keeps odd variable names apart, as data', async () => {
      shared.write(ODD_TEXTS.map((name, i) => point(name, T, i)));
      const data = await shared.read({ variables: ODD_TEXTS });
      expect(Object.keys(data).sort()).toEqual([...ODD_TEXTS].sort());
      ODD_TEXTS.forEach((name, i) => expect(data[name]?.value).toEqual([i]));
    });

    it('gives timestamps of any day of the years 1 to 9999 back to the millisecond', async () => {
      const times = [
        Date.UTC(1, 0, 1),
        Date.UTC(1969, 11, 31, 23, 59, 59, 999),
        Date.UTC(2024, 1, 29, 12, 0, 0, 1),
        T + 86_399_999,
        Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      ];
      shared.write(times.map((t, i) => point('calendar', t, i)));
      expect((await shared.read({ variables: ['calendar'] })).calendar?.timestamp).toEqual(times.map(iso));
    });

    it('refuses a batch with a point no PostgreSQL can store, keeping none of it', async () => {
      const bad = [
        [point('refused', T, 1), point('refused\0', T, 2)],
        [point('refused', T, 1), point('refused', T, 'nul\0')],
        [point('refused', T, 1), point('refused', Number.NaN, 2)],
        [point('refused', T, 1), point('refused', Date.UTC(10000, 0, 1), 2)],
        [point('refused', T, 1), { variable: 'refused', timestamp: T, value: true as unknown as StoredValue }],
      ];
      for (const batch of bad) expect(() => shared.write(batch)).toThrow(TypeError);
      expect(await shared.read({ variables: ['refused'] })).toEqual({});
    });

    it('lists the variables sorted, unflushed ones included', async () => {
      await fresh(async (store) => {
        store.write([point('b', T, 1), point('a', T, 2), point('B', T, 3), point('é', T, 4), point('a', T + 1, 5)]);
        expect(await store.variables()).toEqual(['B', 'a', 'b', 'é']);
      });
    });

    it('keeps the newest points of each variable when retention counts rows', async () => {
      await fresh(async (store) => {
        store.write(Array.from({ length: 10 }, (_, i) => point('rows_a', T + i, i)));
        store.write([point('rows_b', T + 5, 'b0'), point('rows_b', T + 5, 'b1'), point('rows_c', T, 'c0')]);
        expect(await store.clean({ limit: 3, unit: 'rows' }, T)).toBe(7);
        expect(await store.clean({ limit: 1, unit: 'rows' }, T)).toBe(3);
        expect(await store.read()).toEqual({
          rows_a: { timestamp: [iso(T + 9)], value: [9] },
          rows_b: { timestamp: [iso(T + 5)], value: ['b1'] },
          rows_c: { timestamp: [iso(T)], value: ['c0'] },
        });
        expect(await store.clean({ limit: 1, unit: 'rows' }, T)).toBe(0);
      });
    });

    it('deletes points at or before the cutoff when retention counts age', async () => {
      await fresh(async (store) => {
        const now = T + 10 * 86_400_000;
        const cutoff = now - 2 * 86_400_000;
        store.write([point('age', cutoff - 1, 1), point('age', cutoff, 2), point('age', cutoff + 1, 3), point('old', cutoff - 5000, 'x')]);
        expect(await store.clean({ limit: 2, unit: 'days' }, now)).toBe(3);
        expect(await store.read()).toEqual({ age: { timestamp: [iso(cutoff + 1)], value: [3] } });
        expect(await store.variables()).toEqual(['age']);
        store.write([point('age', now - 30_000, 4)]);
        expect(await store.clean({ limit: 10, unit: 'seconds' }, now)).toBe(2);
        expect(await store.clean({ limit: 1, unit: 'hours' }, now)).toBe(0);
      });
    });

    it('dumps SQL that PostgreSQL restores, rows and values alike', async () => {
      await fresh(async (store) => {
        const points = [
          ...ODD_NUMBERS.map((value, i) => point('numbers', T + i, value)),
          ...ODD_TEXTS.map((value, i) => point('texts', T + i, value)),
          ...ODD_TEXTS.map((name, i) => point(name, T + 100 + i, i)),
          point('numbers', T, 'same millisecond, later'),
          point('calendar', Date.UTC(1, 0, 1), 1),
          point('calendar', Date.UTC(9999, 11, 31, 23, 59, 59, 999), 2),
        ];
        store.write(points);
        const script = await store.dump();
        expect(script).toMatch(/^-- mvi monitoring data/);
        // Two restores, each into a fresh server (a schema of the local one, a new PGlite): on a
        // loaded 2-core machine, with three stores' suites running, this test once took 34 s.
        const restored = await restoreDump(script);
        // The embedded path, which machines without psql take, restores the same rows.
        expect(await restoreWithPglite(script)).toEqual(restored);
        const byTime = points.map((p, arrival) => ({ p, arrival })).sort((a, b) => a.p.timestamp - b.p.timestamp || a.arrival - b.arrival);
        expect(restored).toEqual(byTime.map(({ p }) => [p.variable, p.timestamp, p.value]));
      });
    }, 60_000);

    it('streams the same dump in pieces', async () => {
      await fresh(async (store) => {
        store.write(Array.from({ length: 25_000 }, (_, i) => point(`stream_${i % 7}`, T + i, i % 2 ? i : `t\t${i}`)));
        const pieces: Uint8Array[] = [];
        for await (const piece of store.streamDump()) pieces.push(piece);
        expect(pieces.length).toBeGreaterThan(2);
        expect(Buffer.concat(pieces).toString('utf8')).toBe(await store.dump());
      });
    }, 30_000);

    it('remembers when it last cleaned, and takes the first time it is asked when it never did', async () => {
      await fresh(async (store) => {
        expect(await store.lastClean(T)).toBe(T);
        expect(await store.lastClean(T + 1000)).toBe(T);
        await store.clean({ limit: 1, unit: 'days' }, T + 5000);
        expect(await store.lastClean(T + 9000)).toBe(T + 5000);
      });
    });

    it('dumps an empty store as an empty table', async () => {
      await fresh(async (store) => expect(await restoreDump(await store.dump())).toEqual([]));
    }, 30_000);

    it('keeps the last value of each parameter, forgets one given null, and keeps them apart from the points', async () => {
      await fresh(async (store) => {
        expect(await store.loadParameters()).toEqual({});
        store.write([point('threshold', T, 1)]);
        store.saveParameter('threshold', '1');
        store.saveParameter('threshold', '2');
        store.saveParameter('gone', '3');
        store.saveParameter('gone', null);
        store.saveParameter('never', null);
        ODD_TEXTS.forEach((text, i) => store.saveParameter(text, `${i}`));
        store.saveParameter('odd', ODD_TEXTS.join('|'));
        expect(await store.loadParameters()).toEqual({
          threshold: '2',
          odd: ODD_TEXTS.join('|'),
          ...Object.fromEntries(ODD_TEXTS.map((text, i) => [text, `${i}`])),
        });
        expect(await store.variables()).toEqual(['threshold']);
        expect(Object.keys(await store.read())).toEqual(['threshold']);
        expect(await store.dump()).not.toContain('mvi_parameters');
        expect(await store.clean({ limit: 1, unit: 'seconds' }, T + 60_000)).toBe(1);
        expect(await store.loadParameters()).toMatchObject({ threshold: '2' });
      });
    });

    it('refuses a parameter value no PostgreSQL can store, keeping the one before', async () => {
      await fresh(async (store) => {
        store.saveParameter('p', '1');
        expect(() => store.saveParameter('p', 'nul\0')).toThrow(TypeError);
        expect(() => store.saveParameter('p\0', '1')).toThrow(TypeError);
        expect(await store.loadParameters()).toEqual({ p: '1' });
      });
    });

    it('counts the points it buffered and wrote, and times its flushes, for /~metrics', async () => {
      await fresh(async (store) => {
        expect(store.stats()).toMatchObject({ buffered: 0, written: 0, failed: 0 });
        store.write(Array.from({ length: 5 }, (_, i) => point('counted', T + i, i)));
        store.write([point('counted', T + 5, 'x'), point('other', T, 1)]);
        await store.flush();
        const { buffered, written, failed, flushSeconds } = store.stats();
        expect({ buffered, written, failed }).toEqual({ buffered: 0, written: 7, failed: 0 });
        expect(flushSeconds.cumulative).toHaveLength(flushSeconds.bounds.length + 1);
        expect(flushSeconds.cumulative).toEqual([...flushSeconds.cumulative].sort((a, b) => a - b));
        expect(flushSeconds.sum).toBeGreaterThanOrEqual(0);
      });
    });

    it('closes once however often asked, then refuses writes and reads', async () => {
      const store = await create();
      store.write([point('closing', T, 1)]);
      await store.close();
      await store.close();
      expect(() => store.write([point('closing', T, 2)])).toThrow(/closed/);
      await expect(store.read()).rejects.toThrow(/closed/);
      await expect(store.variables()).rejects.toThrow(/closed/);
      await expect(store.dump()).rejects.toThrow(/closed/);
      await expect(store.clean({ limit: 1, unit: 'rows' }, T)).rejects.toThrow(/closed/);
      expect(() => store.saveParameter('closing', '1')).toThrow(/closed/);
      await expect(store.loadParameters()).rejects.toThrow(/closed/);
      await expect(store.lastClean(T)).rejects.toThrow(/closed/);
      await expect(store.readCsvZip()).rejects.toThrow(/closed/);
      expect(() => store.streamDump()).toThrow(/closed/);
    });
  });
}

/** What two replicas sharing one database see of each other's points, parameters and retention. */
function replicaConformance(name: string, createReplicas: () => Promise<[MonitorStore, MonitorStore]>): void {
  describe(`${name} (MonitorStore conformance, two replicas)`, () => {
    const both = async (use: (a: MonitorStore, b: MonitorStore) => Promise<void>) => {
      const [a, b] = await createReplicas();
      try {
        await use(a, b);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    };

    it('reads the points of both replicas from either, merged in time order', async () => {
      await both(async (a, b) => {
        a.write([point('merged', T + 1, 'a1'), point('merged', T + 3, 'a3'), point('only_a', T, 1)]);
        b.write([point('merged', T, 'b0'), point('merged', T + 2, 'b2'), point('only_b', T, 2)]);
        await b.flush();
        const expected = {
          merged: { timestamp: [iso(T), iso(T + 1), iso(T + 2), iso(T + 3)], value: ['b0', 'a1', 'b2', 'a3'] },
          only_a: { timestamp: [iso(T)], value: [1] },
          only_b: { timestamp: [iso(T)], value: [2] },
        };
        expect(await a.read()).toEqual(expected);
        expect(await b.read()).toEqual(expected);
        expect(JSON.parse(new TextDecoder().decode(await a.readJson({ variables: ['merged'], start: T + 1, end: T + 2 })))).toEqual({
          merged: { timestamp: [iso(T + 1), iso(T + 2)], value: ['a1', 'b2'] },
        });
        expect(await a.variables()).toEqual(['merged', 'only_a', 'only_b']);
        // One millisecond's points of two replicas go by their arrival: b's were written first.
        expect((await restoreDump(await b.dump())).map(([variable, , value]) => `${variable}=${value}`)).toEqual([
          'merged=b0', 'only_b=2', 'only_a=1', 'merged=a1', 'merged=b2', 'merged=a3',
        ]);
      });
    }, 30_000);

    it('applies retention to the points of every replica, and shares when it last ran', async () => {
      await both(async (a, b) => {
        a.write([point('kept', T, 'a0'), point('kept', T + 2, 'a2')]);
        b.write([point('kept', T + 1, 'b1'), point('kept', T + 3, 'b3')]);
        await b.flush();
        expect(await a.clean({ limit: 2, unit: 'rows' }, T + 10)).toBe(2);
        expect((await b.read()).kept?.value).toEqual(['a2', 'b3']);
        expect(await b.lastClean(T + 20)).toBe(T + 10);
        expect(await b.clean({ limit: 1, unit: 'seconds' }, T + 1002)).toBe(1);
        expect((await a.read()).kept?.value).toEqual(['b3']);
        expect(await a.lastClean(T + 20)).toBe(T + 1002);
      });
    });

    it('keeps a parameter saved by one replica for the other', async () => {
      await both(async (a, b) => {
        a.saveParameter('threshold', '1');
        b.saveParameter('labels', '["x"]');
        await b.loadParameters();
        expect(await a.loadParameters()).toEqual({ threshold: '1', labels: '["x"]' });
        expect(await b.loadParameters()).toEqual({ threshold: '1', labels: '["x"]' });
      });
    });
  });
}
