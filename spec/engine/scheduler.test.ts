import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { defineService } from 'mvi';
import { createTestRuntime, type TestRuntime } from 'mvi/testing';

const T0 = Date.UTC(2026, 0, 1);
const open: TestRuntime<never>[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((rt) => rt.close()));
});

/** Run times (ms after T0) of a job, read from what it stored. */
function timedService(interval: number | string, options: { waitFirst?: boolean } = {}, job: (ctx: { store: (v: Record<string, unknown>) => void }, n: number) => unknown = () => {}) {
  let n = 0;
  const service = defineService({ name: 'jobs', version: '1' }).every(
    interval,
    (ctx) => {
      ctx.store({ run: ++n });
      return job(ctx, n);
    },
    { name: 'tick', ...options },
  );
  const rt = createTestRuntime(service, { now: T0 });
  open.push(rt as never);
  const times = async () => (await rt.stored('run')).map((p) => Date.parse(p.timestamp) - T0);
  return { rt, times };
}

describe('jobs on a controllable clock', () => {
  it('runs an interval job at start and then every interval', async () => {
    const { rt, times } = timedService(0.1);
    await rt.clock.advance(950);
    expect(await times()).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
  });

  it('waits one interval first with waitFirst', async () => {
    const { rt, times } = timedService('100ms', { waitFirst: true });
    await rt.clock.advance(950);
    expect(await times()).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900]);
  });

  it('runs a cron job at its pattern times only', async () => {
    const { rt, times } = timedService('*/5 * * * *');
    await rt.clock.advance('16m');
    expect(await times()).toEqual([5, 10, 15].map((m) => m * 60_000));
  });

  it('logs a throwing job and keeps its schedule', async () => {
    const { rt, times } = timedService(1, {}, (_, n) => {
      if (n === 2) throw new Error('flaky');
    });
    await rt.clock.advance(3000);
    expect(await times()).toEqual([0, 1000, 2000, 3000]);
    expect(rt.logs).toContainEqual({ type: 'error', message: expect.stringContaining('Job "tick" failed; it keeps its schedule') });
    expect(rt.logs.find((l) => l.type === 'error')?.message).toContain('flaky');
  });

  it('never overlaps runs; an overrun warns, notifies WARNING, and the next run follows at once', async () => {
    let release!: () => void;
    const { rt, times } = timedService(1, {}, (_, n) => (n === 1 ? new Promise<void>((r) => (release = r)) : undefined));
    await rt.clock.advance(2500);
    expect(await times()).toEqual([0]);
    expect(rt.logs).toContainEqual({ type: 'warn', message: 'Job "tick" of jobs 1 runs longer than its interval of 1s' });
    expect(rt.notifications).toEqual([expect.objectContaining({ severity: 1, msg: 'Job "tick" of jobs 1 runs longer than its interval of 1s' })]);
    release();
    await rt.clock.advance(0);
    expect(await times()).toEqual([0, 2500]);
    await rt.clock.advance(1000);
    expect(await times()).toEqual([0, 2500, 3500]);
    expect(rt.notifications).toHaveLength(1);
  });

  it('keeps running when the overrun notification cannot be delivered', async () => {
    let release!: () => void;
    const { rt, times } = timedService(1, {}, (_, n) => (n === 1 ? new Promise<void>((r) => (release = r)) : undefined));
    rt.failNotifications();
    await rt.clock.advance(1500);
    release();
    await rt.clock.advance(2000);
    expect(await times()).toEqual([0, 1500, 2500, 3500]);
    expect(rt.logs.some((l) => l.type === 'warn' && l.message.includes('was not delivered'))).toBe(true);
  });

  it('runs a job on demand and stops all jobs on close', async () => {
    let runs = 0;
    const service = defineService({ name: 'jobs', version: '1' }).every(60, () => void runs++, { name: 'tick', waitFirst: true });
    const rt = createTestRuntime(service, { now: T0 });
    await rt.runJob('tick');
    expect(runs).toBe(1);
    await rt.clock.advance('1m');
    expect(runs).toBe(2);
    await rt.close();
    await rt.clock.advance('5m');
    expect(runs).toBe(2);
  });

  it('keeps the schedule when a run falls due during a manual run, and calls that no overrun', async () => {
    let release!: () => void;
    let runs = 0;
    const service = defineService({ name: 'jobs', version: '1' }).every('1m', () => {
      runs++;
      return runs === 2 ? new Promise<void>((r) => (release = r)) : undefined;
    }, { name: 'tick' });
    const rt = createTestRuntime(service, { now: T0 });
    open.push(rt as never);
    await rt.clock.advance(0);
    const manual = rt.runJob('tick');
    await rt.clock.advance('1m');
    release();
    await manual;
    await rt.clock.advance(0);
    expect(runs).toBe(3);
    await rt.clock.advance('1m');
    expect(runs).toBe(4);
    expect(rt.notifications).toEqual([]);
    expect(rt.logs.filter((l) => l.type === 'warn')).toEqual([]);
  });

  it('closes within its grace time when a job never returns, aborting its signal', async () => {
    let signal: AbortSignal | undefined;
    const service = defineService({ name: 'jobs', version: '1' }).every(1, (ctx) => {
      signal = ctx.signal;
      return new Promise<void>(() => {});
    }, { name: 'stuck' });
    const rt = createTestRuntime(service, { now: T0, shutdownTimeout: 20 });
    await rt.clock.advance(0);
    await rt.close();
    expect(signal?.aborted).toBe(true);
    expect(rt.logs).toContainEqual({ type: 'warn', message: 'Closing while jobs still run (their ctx.signal is aborted): stuck' });
  });

  it('gives jobs the same typed context as handlers', async () => {
    const service = defineService({ name: 'ctx', version: '1' })
      .parameter('step', v.number(), 2)
      .every(1, (ctx) => ctx.setParameter('step', ctx.parameter('step') * 2), { name: 'double' });
    const rt = createTestRuntime(service, { now: T0 });
    open.push(rt as never);
    await rt.clock.advance(2000);
    expect(rt.parameter('step')).toBe(16);
  });
});
