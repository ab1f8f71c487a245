import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { createConsola, type LogObject } from 'consola';
import { afterAll, describe, expect, it } from 'vitest';
import { defineService } from 'mvi';
import { createMemoryStore } from 'mvi/monitor';
import { serve } from 'mvi/runtime';
import { createTestRuntime } from 'mvi/testing';
import { createPgliteStore } from '../../lib/monitor/pglite-store.ts';
import { postJson, readJson, serviceApp } from '../runtime/_service-app.ts';

const T0 = Date.UTC(2026, 0, 1);
const T1 = T0 + 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

const tuned = (threshold: v.GenericSchema<number> = v.pipe(v.number(), v.minValue(0), v.maxValue(1))) =>
  defineService({ name: 'tuned', version: '1.0.0' })
    .parameter('threshold', threshold, 0.5, { monitor: true })
    .parameter('labels', v.array(v.string()), ['a'], { expose: false })
    .parameter('mode', v.picklist(['fast', 'exact']), 'fast', { persist: false })
    .entrypoint('label', v.object({ add: v.string() }), ({ add }, ctx) => {
      ctx.setParameter('labels', [...ctx.parameter('labels'), add]);
      return ctx.parameter('labels');
    })
    .entrypoint('check', v.object({ x: v.number() }), ({ x }, ctx) => x > ctx.parameter('threshold'));

describe('parameters kept across a restart, in the test runtime', () => {
  it('restores values set with setParameter and ctx.setParameter, but not those of persist: false, and monitors the restored value', async () => {
    const store = createMemoryStore();
    const first = createTestRuntime(tuned(), { store, now: T0 });
    first.setParameter('threshold', 0.8);
    first.setParameter('mode', 'exact');
    expect(await first.invoke('label', { add: 'b' })).toEqual(['a', 'b']);

    const second = createTestRuntime(tuned(), { store, now: T1 });
    await second.started;
    expect(second.parameters()).toEqual({ threshold: 0.8, labels: ['a', 'b'], mode: 'fast' });
    expect(await second.invoke('check', { x: 0.7 })).toBe(false);
    expect(second.logs).toContainEqual({ type: 'info', message: 'Restored parameters kept from an earlier run: threshold, labels' });
    // Each start stores the value the parameter starts with: the restored one.
    expect(await second.stored('threshold')).toEqual([
      { timestamp: iso(T0), value: 0.5 },
      { timestamp: iso(T0), value: 0.8 },
      { timestamp: iso(T1), value: 0.8 },
    ]);
    await second.close();
  });

  it('drops a kept value that fails the schema after a code change, with a warning that does not show it, and starts from the initial value', async () => {
    const store = createMemoryStore();
    const first = createTestRuntime(tuned(), { store });
    first.setParameter('threshold', 0.9);
    first.setParameter('labels', ['x']);

    const stricter = createTestRuntime(tuned(v.pipe(v.number(), v.maxValue(0.6))), { store });
    await stricter.started;
    expect(stricter.parameters()).toEqual({ threshold: 0.5, labels: ['x'], mode: 'fast' });
    const warnings = stricter.logs.filter((l) => l.type === 'warn').map((l) => l.message);
    expect(warnings).toStrictEqual([
      'Parameter threshold: the value kept from an earlier run is dropped because it fails the schema (value: max_value); it starts with its initial value',
    ]);
    expect(warnings[0]).not.toContain('0.9');
    // Dropped for good: the next start neither warns nor finds it.
    expect(await store.loadParameters()).toEqual({ labels: JSON.stringify({ value: ['x'] }) });
    await stricter.close();
  });

  it('keeps a value set while the kept ones are still being read', async () => {
    const store = createMemoryStore();
    createTestRuntime(tuned(), { store }).setParameter('threshold', 0.8);
    const second = createTestRuntime(tuned(), { store });
    second.setParameter('threshold', 0.3);
    await second.started;
    expect(second.parameter('threshold')).toBe(0.3);
    expect((await second.stored('threshold')).map((p) => p.value)).toEqual([0.5, 0.8, 0.5, 0.3]);
    await second.close();
  });

  it('keeps undefined as undefined', async () => {
    const optional = defineService({ name: 'o', version: '1' })
      .parameter('limit', v.optional(v.number()), 10)
      .entrypoint('clear', v.object({}), (_, ctx) => ctx.setParameter('limit', undefined));
    const store = createMemoryStore();
    await createTestRuntime(optional, { store }).invoke('clear', {});
    const second = createTestRuntime(optional, { store });
    await second.started;
    expect(second.parameters()).toEqual({ limit: undefined });
    expect(second.logs.filter((l) => l.type === 'warn')).toEqual([]);
    await second.close();
  });
});

describe('parameters kept across a restart, over HTTP', () => {
  it('answers every request with the kept values, even one sent while they are still being read', async () => {
    const store = createMemoryStore();
    store.saveParameter('threshold', JSON.stringify({ value: 0.9 }));
    let loaded!: () => void;
    const slow = { ...store, loadParameters: () => new Promise<void>((resolve) => (loaded = resolve)).then(() => store.loadParameters()) };
    const { app, close } = serviceApp(tuned(), { store: slow });
    const answers = Promise.all([app.request('/~parameters'), app.request('/~parameters/threshold'), app.request('/check', postJson({ x: 0.7 }))]);
    loaded();
    const [all, one, check] = await answers;
    expect(await readJson(all)).toEqual({ threshold: 0.9, labels: ['a'], mode: 'fast' });
    expect(await readJson(one)).toBe(0.9);
    expect(await readJson(check)).toBe(false);
    await close();
  });

  it('is not ready on /~health until the kept values are back, then ready, logging neither answer', async () => {
    const store = createMemoryStore();
    let loaded!: () => void;
    const slow = { ...store, loadParameters: () => new Promise<void>((resolve) => (loaded = resolve)).then(() => store.loadParameters()) };
    const { app, started, close, logs } = serviceApp(tuned(), { store: slow, accessLog: true });
    const health = async () => {
      const answer = await app.request('/~health');
      return [answer.status, await readJson(answer)];
    };
    expect(await health()).toEqual([503, { status: 'not ready', service: 'tuned', version: '1.0.0', store: 'restoring parameters' }]);
    loaded();
    await started;
    expect(await health()).toEqual([200, { status: 'ok', service: 'tuned', version: '1.0.0' }]);
    expect(logs.filter((line) => line.includes('/~health'))).toEqual([]);
    await close();
  });

  it('fails to start, and answers 500, when the store cannot give the kept values back', async () => {
    const store = createMemoryStore();
    const broken = { ...store, loadParameters: () => Promise.reject(new Error('disk on fire')) };
    const { app, started, close, logs } = serviceApp(tuned(), { store: broken, accessLog: true });
    await expect(started).rejects.toThrow('disk on fire');
    expect((await app.request('/check', postJson({ x: 1 }))).status).toBe(500);
    const health = await app.request('/~health');
    expect([health.status, await readJson(health)]).toEqual([503, { status: 'not ready', service: 'tuned', version: '1.0.0', store: 'cannot restore parameters: disk on fire' }]);
    expect(logs.filter((line) => line.includes('/~health')).map((line) => line.replace(/ [\d.]+ms$/, ''))).toEqual(['GET /~health 503']);
    await close();
  });
});

describe('parameters kept across a restart, in PGlite on disk', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mvi-kept-parameters-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  const captured = () => {
    const logs: LogObject[] = [];
    return { logs, logger: createConsola({ reporters: [{ log: (entry) => void logs.push(entry) }] }) };
  };
  const options = (dir: string, logger = captured().logger) => ({ port: 0, dataDir: dir, accessLog: false, handleSignals: false, env: {}, logger });

  it('restores what was set over HTTP and by a handler before serve() resolves, and monitors it at start', async () => {
    const dir = dataDir();
    const first = await serve(tuned(), options(dir));
    const set = await fetch(`${first.url}/~parameters/threshold`, postJson({ value: 0.25 }));
    expect([set.status, await set.json()]).toEqual([200, 'OK']);
    expect((await fetch(`${first.url}/label`, postJson({ add: 'b' }))).status).toBe(200);
    expect((await fetch(`${first.url}/~parameters/mode`, postJson({ value: 'exact' }))).status).toBe(200);
    await first.close();

    const second = await serve(tuned(), options(dir));
    expect(await readJson(await fetch(`${second.url}/~parameters`))).toEqual({ threshold: 0.25, labels: ['a', 'b'], mode: 'fast' });
    expect(await readJson(await fetch(`${second.url}/check`, postJson({ x: 0.3 })))).toBe(true);
    const monitored = await readJson(await fetch(`${second.url}/~monitor?variables=threshold`));
    expect(monitored.threshold.value).toEqual([0.5, 0.25, 0.25]);
    await second.close();

    const { logs, logger } = captured();
    const stricter = await serve(tuned(v.pipe(v.number(), v.minValue(0.4))), options(dir, logger));
    expect(await readJson(await fetch(`${stricter.url}/~parameters/threshold`))).toBe(0.5);
    expect(logs.filter((l) => l.type === 'warn').map((l) => l.args.join(' '))).toStrictEqual([
      'Parameter threshold: the value kept from an earlier run is dropped because it fails the schema (value: min_value); it starts with its initial value',
    ]);
    await stricter.close();
  }, 60_000);

  it('keeps values across a close and reopen of createPgliteStore shared by two test runtimes', async () => {
    const dir = dataDir();
    const first = createTestRuntime(tuned(), { store: await createPgliteStore({ dataDir: dir }) });
    first.setParameter('threshold', 0.75);
    await first.close();

    const second = createTestRuntime(tuned(), { store: await createPgliteStore({ dataDir: dir }) });
    await second.started;
    expect(second.parameter('threshold')).toBe(0.75);
    await second.close();
  }, 60_000);
});
