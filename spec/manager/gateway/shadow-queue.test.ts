import { afterEach, describe, expect, it, vi } from 'vitest';
import { ShadowQueue } from '../../../lib/manager/gateway/_shadow-queue.ts';

// A job that settles when told to.
function job() {
  let done = () => {};
  const settled = new Promise<void>((resolve) => (done = resolve));
  let started = false;
  return { run: () => ((started = true), settled), done: () => done(), started: () => started };
}

describe('ShadowQueue', () => {
  it('has room while it runs fewer than its concurrency or holds fewer than its limit, and again once a job settles', async () => {
    const queue = new ShadowQueue(1, 2);
    const jobs = [job(), job(), job(), job()];
    expect(queue.hasRoom()).toBe(true);
    expect(queue.offer(jobs[0]!.run)).toBe(true);
    expect(queue.offer(jobs[1]!.run)).toBe(true);
    expect(queue.hasRoom()).toBe(true);
    expect(queue.offer(jobs[2]!.run)).toBe(true);
    expect(jobs.map((j) => j.started())).toEqual([true, true, false, false]);
    expect(queue.hasRoom()).toBe(false);
    expect(queue.offer(jobs[3]!.run)).toBe(false);
    jobs[0]!.done();
    await new Promise((resolve) => setImmediate(resolve));
    // The waiting job took the freed slot: the queue has room for one to wait again.
    expect(jobs.map((j) => j.started())).toEqual([true, true, true, false]);
    expect(queue.hasRoom()).toBe(true);
  });
});

describe('ShadowQueue with a shadow that takes as long over every copy', () => {
  afterEach(() => vi.useRealTimers());

  it('starts the waiting copies spread over its latency, not all at once as the copies before them settle together', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const queue = new ShadowQueue(8, 4);
    const jobs = Array.from({ length: 8 }, job);
    const startedAt: number[] = [];
    for (const [i, j] of jobs.entries()) queue.offer(() => ((startedAt[i] = performance.now()), j.run()));
    expect(startedAt).toEqual([0, 0, 0, 0]);
    // The first four answer together after a second, as a shadow that sleeps 1 s does.
    await vi.advanceTimersByTimeAsync(1000);
    for (const j of jobs.slice(0, 4)) j.done();
    await vi.advanceTimersByTimeAsync(0);
    // One of the waiting takes a slot at once; the others follow a quarter of the latency apart,
    // and a copy offered meanwhile waits its turn behind them, though slots are free.
    expect(startedAt.slice(4)).toEqual([1000]);
    const late = job();
    let lateAt: number | undefined;
    expect(queue.offer(() => ((lateAt = performance.now()), late.run()))).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(startedAt.slice(4)).toEqual([1000, 1250, 1500, 1750]);
    // Every slot is taken again: the late copy goes once one is free.
    expect(lateAt).toBeUndefined();
    jobs[4]!.done();
    await vi.advanceTimersByTimeAsync(0);
    expect(lateAt).toBe(2000);
  });

  it('starts the waiting copies at once while copies take next to no time', async () => {
    const queue = new ShadowQueue(8, 1);
    const jobs = Array.from({ length: 4 }, job);
    for (const j of jobs) queue.offer(j.run);
    for (const j of jobs) {
      j.done();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(jobs.map((j) => j.started())).toEqual([true, true, true, true]);
  });

  it('forgets the waiting copies on clear(), the one whose turn was due too', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const queue = new ShadowQueue(8, 2);
    const jobs = Array.from({ length: 4 }, job);
    for (const j of jobs) queue.offer(j.run);
    await vi.advanceTimersByTimeAsync(1000);
    jobs[0]!.done();
    jobs[1]!.done();
    await vi.advanceTimersByTimeAsync(0);
    expect(jobs.map((j) => j.started())).toEqual([true, true, true, false]);
    queue.clear();
    await vi.advanceTimersByTimeAsync(2000);
    expect(jobs[3]!.started()).toBe(false);
  });
});
