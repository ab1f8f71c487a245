import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createConsola } from 'consola';
import * as v from 'valibot';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { defineService } from 'mvi';
import { createTestRuntime } from 'mvi/testing';
import { createPgliteStore, workerOf } from '../../lib/monitor/pglite-store.ts';
import { pgliteTemplate } from '../../lib/monitor/pglite-template.ts';
import type { MonitorPoint, MonitorStore } from '../../lib/monitor/types.ts';
import { postJson, readJson, serviceApp } from '../runtime/_service-app.ts';
import { killChild, killToZombie, processState, startZombieParent } from './_child.ts';
import { tempDirs } from './_temp-dirs.ts';

const T = Date.UTC(2026, 0, 1);
const points = (from: number, to: number): MonitorPoint[] =>
  Array.from({ length: to - from }, (_, i) => ({ variable: `v${(from + i) % 3}`, timestamp: T + from + i, value: (from + i) % 2 ? from + i : `t${from + i}` }));
const keys = (data: Record<string, { timestamp: string[] }>) =>
  new Set(Object.entries(data).flatMap(([variable, series]) => series.timestamp.map((t) => `${variable} ${t}`)));
const keysOf = (written: MonitorPoint[]) => new Set(written.map((p) => `${p.variable} ${new Date(p.timestamp).toISOString()}`));

const tempDir = tempDirs('mvi-pglite-failures-');
const quiet = () => createConsola({ reporters: [] });
beforeAll(() => pgliteTemplate(), 120_000);

/** Kills the worker of `store` and makes its data folder unopenable until `heal()` (a PG_VERSION PGlite does not know). */
async function breakStore(store: MonitorStore, dir: string): Promise<{ heal(): Promise<void> }> {
  const file = join(dir, 'pgdata', 'PG_VERSION');
  const version = await readFile(file, 'utf8');
  await writeFile(file, '99\n');
  await (await workerOf(store))!.terminate();
  return { heal: () => writeFile(file, version) };
}

const putter = (calls: { n: number }) =>
  defineService({ name: 'putter', version: '1.0.0' }).entrypoint('put', v.object({ n: v.number() }), ({ n }) => ((calls.n += 1), n), { monitor: true });

describe('createPgliteStore() when its worker crashes', () => {
  it('starts the worker again and writes every point accepted before and after the crash', async () => {
    const dir = await tempDir();
    const store = await createPgliteStore({ dataDir: dir, flushInterval: 20, logger: quiet() });
    const written = points(0, 1000);
    store.write(written);
    await store.flush();
    await (await workerOf(store))!.terminate();
    store.write(points(1000, 2000));
    written.push(...points(1000, 2000));
    await store.flush();
    expect(keys(await store.read())).toEqual(keysOf(written));

    // Killed in the middle of writing 20 000 points: none is lost (a batch the worker had just
    // committed when it died would be written twice, never dropped).
    const many = points(2000, 22_000);
    store.write(many);
    written.push(...many);
    const flushing = store.flush();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await (await workerOf(store))!.terminate();
    await flushing.catch(() => {});
    await store.flush();
    expect(keys(await store.read())).toEqual(keysOf(written));

    // An uncaught error in the worker (here: a message it cannot read) ends it too.
    (await workerOf(store))!.postMessage(null);
    store.write(points(22_000, 23_000));
    written.push(...points(22_000, 23_000));
    await vi.waitFor(() => store.flush(), { timeout: 10_000 });
    expect(keys(await store.read())).toEqual(keysOf(written));
    await store.close();

    const reopened = await createPgliteStore({ dataDir: dir });
    expect(keys(await reopened.read())).toEqual(keysOf(written));
    await reopened.close();
  }, 60_000);

  it('answers /~health and reads 503 with the reason after a few failed writes, and 200 again once a write succeeds', async () => {
    const dir = await tempDir();
    const store = await createPgliteStore({ dataDir: dir, flushInterval: 20 });
    const { app, close } = serviceApp(putter({ n: 0 }), { store, logger: quiet() });
    expect(await readJson(await app.request('/~health'))).toEqual({ status: 'ok', service: 'putter', version: '1.0.0' });
    const broken = await breakStore(store, dir);
    for (const n of [1, 2, 3]) expect((await app.request('/put', postJson({ n }))).status).toBe(200);
    await vi.waitFor(async () => {
      const res = await app.request('/~health');
      expect([res.status, await readJson(res)]).toEqual([
        503,
        { status: 'not ready', service: 'putter', version: '1.0.0', store: expect.stringMatching(/^cannot write: monitor store: .*PGlite failed to initialize/) },
      ]);
    }, { timeout: 10_000 });
    // Reads, which write the points before them first, say so too.
    for (const path of ['/~monitor', '/~monitor/csv', '/~monitor/db']) {
      const res = await app.request(path);
      expect([res.status, (await readJson(res)).detail]).toEqual([503, expect.stringMatching(/^The monitoring store cannot write: monitor store: /)]);
    }
    await broken.heal();
    await vi.waitFor(async () => expect((await app.request('/~health')).status).toBe(200), { timeout: 10_000 });
    expect((await readJson(await app.request('/~monitor?variables=put_request'))).put_request.value).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    await close();
  }, 60_000);

  it('tells a test runtime\'s logs of the crash and of the writes that fail', async () => {
    const dir = await tempDir();
    const store = await createPgliteStore({ dataDir: dir, flushInterval: 20 });
    const rt = createTestRuntime(putter({ n: 0 }), { store });
    const broken = await breakStore(store, dir);
    await rt.invoke('put', { n: 1 });
    await vi.waitFor(() => expect(rt.logs.some((line) => line.type === 'error')).toBe(true), { timeout: 10_000 });
    await broken.heal();
    await store.flush();
    const lines = rt.logs.map((line) => `${line.type} ${line.message.split('\n')[0]}`);
    expect(lines).toContainEqual(expect.stringMatching(/^warn The monitoring store's worker stopped \(monitor store stopped \(exit code 1\)\); starting it again/));
    expect(lines).toContainEqual(expect.stringMatching(/^error Could not store 2 monitoring points \(attempt 1\); they are kept and retried in 40 ms/));
    expect((await rt.stored('put_request')).map((p) => p.value)).toEqual(['{"n":1}']);
    await rt.close();
  }, 60_000);
});

describe('createPgliteStore() with a bound on its write buffer', () => {
  it('answers 503 with Retry-After to monitored calls (without running them), ctx.store() and monitored parameters while maxBuffered points wait', async () => {
    const store = await createPgliteStore({ maxBuffered: 4, flushInterval: 60_000 });
    const calls = { n: 0 };
    const service = putter(calls)
      .parameter('level', v.number(), 1, { monitor: true })
      .entrypoint('note', v.object({ n: v.number() }), ({ n }, ctx) => ctx.store({ n }));
    const { app, close, started } = serviceApp(service, { store });
    await started; // the initial value of the monitored parameter is written once parameters are restored
    await store.flush();
    // Two points a call: two calls fill the buffer.
    for (const n of [1, 2]) expect((await app.request('/put', postJson({ n }))).status).toBe(200);
    const refused = await app.request('/put', postJson({ n: 3 }));
    expect([refused.status, refused.headers.get('retry-after'), await readJson(refused)]).toEqual([
      503,
      '60',
      { detail: 'The monitoring store is full: 4 points wait to be written; try again in 60 s' },
    ]);
    expect(calls.n).toBe(2);
    const health = await app.request('/~health');
    expect([health.status, await readJson(health)]).toEqual([503, { status: 'not ready', service: 'putter', version: '1.0.0', store: 'write buffer full' }]);
    expect(() => store.write([{ variable: 'direct', timestamp: T, value: 1 }])).toThrow('The monitoring store is full');
    // ctx.store() and monitored parameters hear the same 503.
    for (const [path, body] of [['/note', { n: 1 }], ['/~parameters/level', { value: 2 }]] as const) {
      const res = await app.request(path, postJson(body));
      expect([res.status, res.headers.get('retry-after')]).toEqual([503, '60']);
    }
    expect(await readJson(await app.request('/~parameters/level'))).toBe(1);

    await store.flush();
    expect((await app.request('/put', postJson({ n: 3 }))).status).toBe(200);
    expect((await app.request('/~health')).status).toBe(200);
    expect((await readJson(await app.request('/~monitor?variables=put_response'))).put_response.value).toEqual(['1', '2', '3']);
    await close();
  }, 60_000);
});

describe('createPgliteStore() after its owner was killed', () => {
  it('opens the folder at the first try while the killed owner is still a zombie', async () => {
    const dir = await tempDir();
    const holder = await startZombieParent('spec/monitor/_hold-store.ts', [dir]);
    try {
      await killToZombie(holder.pid);
      const store = await createPgliteStore({ dataDir: dir, logger: quiet() });
      expect(processState(holder.pid)).toBe('Z');
      expect((await store.read()).held?.value).toEqual([0, 1, 2]);
      await store.close();
    } finally {
      await killChild(holder.parent);
    }
  }, 60_000);
});
