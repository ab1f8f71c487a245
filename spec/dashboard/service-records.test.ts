import { describe, expect, test } from 'vitest';
import { replicasOf, sortRecords, uptimeOf } from '../../lib/dashboard/_service-records.ts';
import type { ServiceRecord } from '../../lib/manager/types.ts';

const record = (name: string, version: string, main: boolean, extra: Partial<ServiceRecord> = {}): ServiceRecord => ({
  name, version, main, status: 'running', pid: 1, port: 2, started_at: '2026-12-01T12:00:00.000Z', restarts: 0,
  replicas: [{ replica: 0, status: 'running', pid: 1, port: 2, started_at: '2026-12-01T12:00:00.000Z', restarts: 0 }], ...extra,
});
const replica = (n: number, status: ServiceRecord['status']) => ({ replica: n, status, pid: 10 + n, port: 20 + n, started_at: undefined, restarts: 0 });

describe('the versions as listed', () => {
  test('go by name, main first, then by version in numeric order', () => {
    const sorted = sortRecords([record('iris', '10.0.0', false), record('dice', '1.0.0', true), record('iris', '2.0.0', false), record('iris', '9.0.0', true)]);
    expect(sorted.map((r) => `${r.name} ${r.version}`)).toStrictEqual(['dice 1.0.0', 'iris 9.0.0', 'iris 2.0.0', 'iris 10.0.0']);
  });

  test('are up since their process started, while running', () => {
    const now = Date.parse('2026-12-01T12:05:00.000Z');
    expect(uptimeOf(record('a', '1.0.0', true), now)).toBe(300_000);
    expect(uptimeOf(record('a', '1.0.0', true, { status: 'crashed' }), now)).toBeUndefined();
    expect(uptimeOf(record('a', '1.0.0', true, { started_at: undefined }), now)).toBeUndefined();
  });

  test('show their replicas when they run more than one, and how many of them serve', () => {
    expect(replicasOf(record('a', '1.0.0', true))).toBeUndefined();
    const three = record('a', '1.0.0', true, { replicas: [replica(0, 'running'), replica(1, 'unhealthy'), replica(2, 'running')] });
    expect(replicasOf(three)).toStrictEqual({ total: 3, serving: 2 });
  });
});
