import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MonitorPoint } from '../../lib/monitor/types.ts';
import { createWriteBuffer, type PointColumns } from '../../lib/monitor/write-buffer.ts';
import { captureLogs, type CapturedLogs } from '../utilities/_capture-logs.ts';

const T = Date.UTC(2026, 0, 1);
const points = (from: number, to: number): MonitorPoint[] =>
  Array.from({ length: to - from }, (_, i) => ({ variable: `v${(from + i) % 3}`, timestamp: T + from + i, value: from + i === 1 ? 'one' : from + i }));
const asPoints = (batches: PointColumns[]) =>
  batches.flatMap((b) => b.variable.map((variable, i) => ({ variable, timestamp: b.timestamp[i], value: b.num[i] ?? b.txt[i] })));
const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

let logs: CapturedLogs | undefined;
afterEach(() => logs?.restore());

describe('createWriteBuffer()', () => {
  it('hands points over in order, in batches of at most maxBatch, numbers and text apart', async () => {
    const batches: PointColumns[] = [];
    const buffer = createWriteBuffer(async (batch) => void batches.push(batch), { interval: 60_000, maxBatch: 4 });
    buffer.add(points(0, 3));
    buffer.add(points(3, 10));
    expect(buffer.size).toBe(10);
    await buffer.flush();
    buffer.stop();
    expect(batches.map((b) => b.variable.length)).toEqual([4, 4, 2]);
    expect(asPoints(batches)).toEqual(points(0, 10));
    expect(batches[0]).toMatchObject({ num: [0, null, 2, 3], txt: [null, 'one', null, null] });
    expect(buffer.size).toBe(0);
  });

  it('writes on its own every interval, without flush()', async () => {
    const batches: PointColumns[] = [];
    const buffer = createWriteBuffer(async (batch) => void batches.push(batch), { interval: 10 });
    buffer.add(points(0, 5));
    await until(() => batches.length === 1);
    buffer.add(points(5, 6));
    await until(() => batches.length === 2);
    buffer.stop();
    expect(asPoints(batches)).toEqual(points(0, 6));
  });

  it('keeps the points of a failed attempt in front, logs an error, and retries them', async () => {
    logs = captureLogs();
    const batches: PointColumns[] = [];
    let failures = 2;
    const buffer = createWriteBuffer(
      async (batch) => {
        if (failures-- > 0) throw new Error('disk full');
        batches.push(batch);
      },
      { interval: 10 },
    );
    buffer.add(points(0, 4));
    await expect(buffer.flush()).rejects.toThrow('disk full');
    expect(buffer.size).toBe(4);
    buffer.add(points(4, 6));
    // The retry runs on its own, later each time; the points keep their order.
    await until(() => buffer.size === 0);
    buffer.stop();
    expect(asPoints(batches)).toEqual(points(0, 6));
    const errors = logs.logs.filter((entry) => entry.type === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(logs.texts()[0]).toContain('Could not store 4 monitoring points (attempt 1)');
  });

  it('counts written points, points of failed attempts, and every attempt in its flush histogram', async () => {
    logs = captureLogs();
    let fail = true;
    const buffer = createWriteBuffer(
      async () => {
        if (fail) throw new Error('disk full');
      },
      { interval: 60_000 },
    );
    buffer.add(points(0, 4));
    await expect(buffer.flush()).rejects.toThrow('disk full');
    expect([buffer.written, buffer.failed]).toEqual([0, 4]);
    fail = false;
    buffer.add(points(4, 6));
    await buffer.flush();
    buffer.stop();
    expect([buffer.written, buffer.failed, buffer.size]).toEqual([6, 4, 0]);
    expect(buffer.flushSeconds().cumulative.at(-1)).toBe(2);
  });

  it('waits longer after each failed attempt, however fast points keep coming', async () => {
    logs = captureLogs();
    vi.useFakeTimers();
    try {
      let attempts = 0;
      const buffer = createWriteBuffer(
        async () => {
          attempts += 1;
          throw new Error('database gone');
        },
        { interval: 10 },
      );
      // One point every 10 ms for a second; retries wait 20, 40, 80, 160, 320 ms...
      for (let i = 0; i < 100; i++) {
        buffer.add(points(i, i + 1));
        await vi.advanceTimersByTimeAsync(10);
      }
      buffer.stop();
      expect(attempts).toBe(6);
      expect(buffer.size).toBe(100);
      expect(logs.logs.filter((entry) => entry.type === 'error')).toHaveLength(6);
    } finally {
      vi.useRealTimers();
    }
  });

  it('resolves flush() once the points added before it are stored, even while more keep coming', async () => {
    const stored: number[] = [];
    const buffer = createWriteBuffer(
      async (batch) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        stored.push(...batch.timestamp.map((t) => t - T));
      },
      { interval: 60_000, maxBatch: 2 },
    );
    buffer.add(points(0, 4));
    const flushed = buffer.flush();
    buffer.add(points(4, 100));
    await flushed;
    expect(stored.slice(0, 4)).toEqual([0, 1, 2, 3]);
    expect(stored.length).toBeLessThan(100);
    await buffer.flush();
    buffer.stop();
    expect(stored).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
