import { strFromU8, unzipSync, zipSync } from 'fflate';
import * as v from 'valibot';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { defineService } from 'mvi';
import { createTestRuntime } from 'mvi/testing';
import { createPgliteStore } from '../../lib/monitor/pglite-store.ts';
import { pgliteTemplate } from '../../lib/monitor/pglite-template.ts';
import type { MonitorPoint, MonitorStore } from '../../lib/monitor/types.ts';
import { serviceApp } from '../runtime/_service-app.ts';
import { restoreDump } from './_restore-dump.ts';
import { tempDirs } from './_temp-dirs.ts';

// The main thread's fflate, watched: a store with a worker must zip there, not here.
vi.mock('fflate', async (original) => {
  const fflate = await original<typeof import('fflate')>();
  return { ...fflate, zipSync: vi.fn(fflate.zipSync) };
});

const T = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
const tempDir = tempDirs('mvi-pglite-service-');
beforeAll(() => pgliteTemplate(), 120_000);

const watched = defineService({ name: 'watched', version: '1.0.0' });
const mixed = (count: number): MonitorPoint[] =>
  Array.from({ length: count }, (_, i) => ({ variable: ['temperature', 'predict_request', 'odd\tname'][i % 3]!, timestamp: T + Math.floor(i / 3), value: i % 3 === 0 ? i / 8 : `{"i":${i},"s":"tab\\there\\nback\\\\slash"}` }));

describe('a service on a PGlite store', () => {
  it('streams /~monitor/db piece by piece, and the dump restores every point', async () => {
    const store = await createPgliteStore();
    const written = mixed(45_000);
    store.write(written);
    const { app, close } = serviceApp(watched, { store });
    const res = await app.request('/~monitor/db');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="watched_1.0.0_monitor.sql"');
    const pieces: Uint8Array[] = [];
    for await (const piece of res.body!) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(3);
    const restored = await restoreDump(Buffer.concat(pieces).toString('utf8'));
    expect(restored).toEqual(written.map((p) => [p.variable, p.timestamp, p.value]));
    await close();
  }, 60_000);

  it('builds /~monitor/csv in its worker, never on the request thread', async () => {
    const store = await createPgliteStore();
    store.write(mixed(15_000));
    const { app, close } = serviceApp(watched, { store });
    vi.mocked(zipSync).mockClear();
    const res = await app.request('/~monitor/csv?variables=temperature&variables=predict_request');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(['predict_request.csv', 'temperature.csv']);
    const lines = strFromU8(files['predict_request.csv']!).trimEnd().split('\n');
    expect([lines.length, lines[0], lines[1]]).toEqual([5_001, 'timestamp,value', `${new Date(T).toISOString()},"{""i"":1,""s"":""tab\\there\\nback\\\\slash""}"`]);
    expect(zipSync).not.toHaveBeenCalled();
    await close();
  }, 60_000);

  it('cleans when due by the last clean it stored, however often the service restarts', async () => {
    const kept = defineService({ name: 'kept', version: '1' })
      .monitor({ retention: '1 day', cleanEvery: '1h' })
      .entrypoint('put', v.object({ n: v.number() }), ({ n }, ctx) => ctx.store({ n }));
    const dir = await tempDir();
    const oldPoint = (store: MonitorStore, n: number) => store.write([{ variable: 'n', timestamp: T - 2 * DAY, value: n }]);
    // The store answers in order: this comes after the runtime's question of when retention last ran, so its schedule is set.
    const started = (store: MonitorStore) => store.variables();

    // The first start of a store begins its schedule: the first clean is due an hour later.
    let store = await createPgliteStore({ dataDir: dir });
    let rt = createTestRuntime(kept, { store, now: T });
    await started(store);
    oldPoint(store, 0);
    await rt.invoke('put', { n: 1 });
    await rt.clock.advance('40m');
    await rt.close();

    // A restart 40 minutes in: the clean still comes at the hour, not an hour after this start.
    store = await createPgliteStore({ dataDir: dir });
    rt = createTestRuntime(kept, { store, now: T + 40 * 60_000 });
    await started(store);
    await rt.clock.advance('19m');
    expect((await rt.stored('n')).map((p) => p.value)).toEqual([0, 1]);
    await rt.clock.advance('1m');
    await vi.waitFor(async () => expect((await rt.stored('n')).map((p) => p.value)).toEqual([1]));
    await rt.close();

    // The clean it ran at the hour is stored: the next is due at two hours.
    store = await createPgliteStore({ dataDir: dir });
    rt = createTestRuntime(kept, { store, now: T + 110 * 60_000 });
    await started(store);
    oldPoint(store, 2);
    await rt.clock.advance('10m');
    await vi.waitFor(async () => expect((await rt.stored('n')).map((p) => p.value)).toEqual([1]));
    await rt.close();
  }, 60_000);
});
