import { describe, expect, it } from 'vitest';
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
