import * as v from 'valibot';
import { createConsola } from 'consola';
import { afterAll, describe, expect, it } from 'vitest';
import { defineService } from 'mvi';
import { createEngine } from '../../lib/engine/create-engine.ts';
import { createMemoryStore } from '../../lib/monitor/memory-store.ts';
import { createApp } from '../../lib/runtime/create-app.ts';
import { createTestClock } from '../../lib/testing/test-clock.ts';
import { postJson } from './_service-app.ts';

const T0 = Date.UTC(2026, 0, 1);
let release!: () => void;
const service = defineService({ name: 'metered', version: '1.0.0' })
  .entrypoint('greet', v.object({ name: v.string() }), ({ name }) => `Hello ${name}`, { monitor: true })
  .entrypoint('crash', v.object({}), () => {
    throw new Error('boom');
  })
  .entrypoint('idle', v.object({}), () => null)
  .every(1, () => {
    throw new Error('flaky');
  }, { name: 'flaky' })
  .every(1, () => new Promise<void>((resolve) => (release = resolve)), { name: 'slow' });

// The engine on a clock the test moves, behind the same h3 app serve() runs.
const clock = createTestClock(T0);
const engine = createEngine(service.description, {
  store: createMemoryStore(),
  clock,
  identity: { name: 'metered', version: '1.0.0', rootPath: '/services/metered_1.0.0' },
  logger: createConsola({ reporters: [{ log() {} }] }),
  call: async () => null,
  notify: async () => {},
});
const app = createApp(engine, { accessLog: false, bodyLimit: 64 });
void engine.start();
afterAll(() => {
  release();
  return engine.close();
});

/** The value of the sample line `name{labels}`, or undefined when there is none. */
const sampleOf = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('GET /~metrics', () => {
  it('counts requests per entrypoint by status, jobs with their failures and overruns, and the store', async () => {
    expect((await app.request('/greet', postJson({ name: 'Bob' }))).status).toBe(200);
    expect((await app.request('/greet', postJson({ name: 'Ann' }))).status).toBe(200);
    expect((await app.request('/greet', postJson({ name: 42 }))).status).toBe(422);
    expect((await app.request('/greet', postJson('{"name":'))).status).toBe(422);
    expect((await app.request('/greet', postJson({ name: 'x'.repeat(100) }))).status).toBe(413);
    expect((await app.request('/greet', { method: 'PUT' })).status).toBe(405);
    expect((await app.request('/crash', postJson({}))).status).toBe(500);
    // Runs at 0, 1 and 2 s: flaky throws each time; slow's first run holds on, so its ticks at 1 s finds it busy.
    await clock.advance(2500);

    const res = await app.request('/~metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    const lines = text.split('\n');
    expect(lines.filter((l) => l.startsWith('mvi_requests_total'))).toStrictEqual([
      'mvi_requests_total{entrypoint="greet",status="200"} 2',
      'mvi_requests_total{entrypoint="greet",status="405"} 1',
      'mvi_requests_total{entrypoint="greet",status="413"} 1',
      'mvi_requests_total{entrypoint="greet",status="422"} 2',
      'mvi_requests_total{entrypoint="crash",status="500"} 1',
    ]);
    expect(lines.filter((l) => l.startsWith('mvi_job_'))).toStrictEqual([
      'mvi_job_runs_total{job="flaky"} 3',
      'mvi_job_runs_total{job="slow"} 1',
      'mvi_job_runs_total{job="~retention"} 0',
      'mvi_job_failures_total{job="flaky"} 3',
      'mvi_job_failures_total{job="slow"} 0',
      'mvi_job_failures_total{job="~retention"} 0',
      'mvi_job_overruns_total{job="flaky"} 0',
      'mvi_job_overruns_total{job="slow"} 1',
      'mvi_job_overruns_total{job="~retention"} 0',
    ]);
    expect(lines.filter((l) => l.startsWith('mvi_store_points'))).toStrictEqual([
      'mvi_store_points_buffered 0',
      'mvi_store_points_written_total 4',
      'mvi_store_points_failed_total 0',
    ]);
    for (const [name, type] of [
      ['mvi_requests_total', 'counter'],
      ['mvi_request_duration_seconds', 'histogram'],
      ['mvi_job_runs_total', 'counter'],
      ['mvi_job_failures_total', 'counter'],
      ['mvi_job_overruns_total', 'counter'],
      ['mvi_store_points_buffered', 'gauge'],
      ['mvi_store_points_written_total', 'counter'],
      ['mvi_store_points_failed_total', 'counter'],
      ['mvi_store_flush_duration_seconds', 'histogram'],
    ]) {
      expect(lines).toContain(`# TYPE ${name} ${type}`);
      expect(lines.some((l) => l.startsWith(`# HELP ${name} `))).toBe(true);
    }
    expect(text.endsWith('\n')).toBe(true);
  });

  it('gives each entrypoint a latency histogram in seconds whose buckets are cumulative and end at its count', async () => {
    const text = await (await app.request('/~metrics')).text();
    const buckets = text.split('\n').filter((l) => l.startsWith('mvi_request_duration_seconds_bucket{entrypoint="greet",'));
    const bounds = buckets.map((l) => /le="([^"]+)"/.exec(l)![1]);
    expect(bounds.at(-1)).toBe('+Inf');
    const finite = bounds.slice(0, -1).map(Number);
    expect(finite).toStrictEqual(finite.toSorted((a, b) => a - b));
    const counts = buckets.map((l) => Number(l.split(' ').at(-1)));
    expect(counts).toStrictEqual([...counts].sort((a, b) => a - b));
    const count = sampleOf(text, 'mvi_request_duration_seconds_count{entrypoint="greet"}');
    expect(count).toBe(6);
    expect(counts.at(-1)).toBe(count);
    expect(sampleOf(text, 'mvi_request_duration_seconds_sum{entrypoint="greet"}')).toBeGreaterThan(0);
    // An entrypoint never called is there too, at zero.
    expect(sampleOf(text, 'mvi_request_duration_seconds_bucket{entrypoint="idle",le="+Inf"}')).toBe(0);
    expect(sampleOf(text, 'mvi_request_duration_seconds_count{entrypoint="idle"}')).toBe(0);
    expect(sampleOf(text, 'mvi_store_flush_duration_seconds_count')).toBe(0);
  });

  it('answers under the root path too, and only to GET and HEAD', async () => {
    expect(await (await app.request('/services/metered_1.0.0/~metrics')).text()).toContain('mvi_requests_total{entrypoint="greet",status="200"} 2');
    expect((await app.request('/~metrics', { method: 'HEAD' })).status).toBe(200);
    const res = await app.request('/~metrics', { method: 'POST' });
    expect([res.status, res.headers.get('allow')]).toStrictEqual([405, 'GET, HEAD']);
  });
});
