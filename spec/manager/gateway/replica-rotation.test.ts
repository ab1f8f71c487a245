import { describe, expect, it } from 'vitest';
import { ReplicaRotation, type RotatingReplica } from '../../../lib/manager/gateway/_replica-rotation.ts';
import type { ProcessStatus } from '../../../lib/manager/types.ts';

const replicas = (...statuses: ProcessStatus[]): { status: ProcessStatus; origin: string }[] => statuses.map((status, i) => ({ status, origin: `http://127.0.0.1:${9000 + i}` }));
const picks = (rotation: ReplicaRotation, n: number) => Array.from({ length: n }, () => rotation.pick()?.index);

describe('ReplicaRotation', () => {
  it('takes the running replicas in turn, skipping the others, and follows their status as it changes', () => {
    const known = replicas('running', 'starting', 'running', 'restarting');
    const rotation = new ReplicaRotation('echo_1.0.0', 'echo', '1.0.0', known);
    expect(picks(rotation, 5)).toEqual([0, 2, 0, 2, 0]);
    known[1]!.status = 'running';
    known[0]!.status = 'crashed';
    expect(picks(rotation, 4)).toEqual([1, 2, 1, 2]);
    expect(rotation.pick()).toEqual({ index: 1, origin: 'http://127.0.0.1:9001' });
  });

  it('sends to replicas that fail their health checks only while none is healthy, and to nobody while none runs', () => {
    const known: RotatingReplica[] = replicas('unhealthy', 'unhealthy', 'stopped');
    const rotation = new ReplicaRotation('echo_1.0.0', 'echo', '1.0.0', known);
    expect(picks(rotation, 3)).toEqual([0, 1, 0]);
    expect(picks(new ReplicaRotation('echo_1.0.0', 'echo', '1.0.0', replicas('crashed', 'restarting')), 2)).toEqual([undefined, undefined]);
    expect(new ReplicaRotation('echo_1.0.0', 'echo', '1.0.0', []).pick()).toBeUndefined();
  });

  it('gives the same object for a replica every time: a pick allocates nothing', () => {
    const rotation = new ReplicaRotation('echo_1.0.0', 'echo', '1.0.0', replicas('running'));
    expect(rotation.pick()).toBe(rotation.pick());
  });
});
