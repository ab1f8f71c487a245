import { describe, expect, it } from 'vitest';
import { replicaGroup, type Replica } from './_replicas.ts';

const level = async (replica: Replica): Promise<unknown> => (await fetch(`${replica.url}/level`)).json();
const setLevel = (replica: Replica, value: number) =>
  fetch(`${replica.url}/~parameters/level`, { method: 'POST', body: JSON.stringify({ value }), headers: { 'content-type': 'application/json' } });

describe('a parameter of three replicas of one version', () => {
  // A job that never runs in the test's time: only parameters matter here.
  const start = replicaGroup({ JOB_INTERVAL: '3600' });

  it('set on one replica is seen by the others within a second, and a replica started later starts with it', async () => {
    const replicas = await Promise.all(['p0', 'p1', 'p2'].map((id) => start(id)));
    for (const [value, from] of [[5, replicas[0]!], [7, replicas[2]!]] as const) {
      expect((await setLevel(from, value)).status).toBe(200);
      // From the answer of the set to the answer that shows the value, each replica polled on its own.
      const setAt = performance.now();
      const seenAfter = await Promise.all(replicas.map(async (replica) => {
        while ((await level(replica)) !== value) {
          if (performance.now() - setAt > 1000) throw new Error(`${replica.id} still answers ${String(await level(replica))} a second after ${value} was set on ${from.id}`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        return Math.round(performance.now() - setAt);
      }));
      expect(Math.max(...seenAfter)).toBeLessThan(1000);
    }
    const late = await start('p3');
    expect(await level(late)).toBe(7);
    // Each replica stores the value it starts with, and only the values set on it: the late one starts with 7.
    const { level: stored } = (await (await fetch(`${late.url}/~monitor?variables=level`)).json()) as { level: { value: number[] } };
    expect(stored.value).toEqual([1, 1, 1, 5, 7, 7]);
  }, 90_000);
});
