import { afterEach, describe, expect, it } from 'vitest';
import { Severity } from 'mvi';
import { createTestRuntime } from 'mvi/testing';
import { notifier } from '../../playground/notifier.ts';

describe('playground sensor gate', () => {
  let rt = createTestRuntime(notifier, { now: Date.UTC(2026, 0, 1) });
  afterEach(async () => {
    await rt.close();
    rt = createTestRuntime(notifier, { now: Date.UTC(2026, 0, 1) });
  });

  it('notifies a warning for a reading over the limit only', async () => {
    expect(await rt.invoke('ingest', { sensor: 'temp', value: 20 })).toEqual({ accepted: true, suspicious: false });
    expect(await rt.invoke('ingest', { sensor: 'temp', value: 250 })).toEqual({ accepted: true, suspicious: true });
    expect(rt.notifications).toEqual([
      expect.objectContaining({ msg: 'Suspicious reading 250 from temp', severity: Severity.WARNING, timer: 300, service_name: 'sensor-gate' }),
    ]);
    expect((await rt.stored('temp')).map((p) => p.value)).toEqual([20, 250]);
  });

  it('keeps the reading when the manager cannot be reached', async () => {
    rt.failNotifications();
    expect(await rt.invoke('ingest', { sensor: 'temp', value: -500 })).toEqual({ accepted: true, suspicious: true });
    expect(await rt.stored('temp')).toHaveLength(1);
    expect(rt.logs.some((l) => l.type === 'warn' && l.message.includes('Could not notify'))).toBe(true);
  });

  it('follows a tuned limit', async () => {
    rt.setParameter('limit', 1000);
    expect((await rt.invoke('ingest', { sensor: 'temp', value: 250 })).suspicious).toBe(false);
  });
});
