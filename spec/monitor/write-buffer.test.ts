import { createConsola, type LogObject } from 'consola';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isStoreFullError } from '../../lib/monitor/store-full-error.ts';
import type { MonitorPoint } from '../../lib/monitor/types.ts';
import { createWriteBuffer, type SeriesBatch } from '../../lib/monitor/write-buffer.ts';
import { captureLogs, type CapturedLogs } from '../utilities/_capture-logs.ts';

const T = Date.UTC(2026, 0, 1);
const points = (from: number, to: number): MonitorPoint[] =>
  Array.from({ length: to - from }, (_, i) => ({ variable: `v${(from + i) % 3}`, timestamp: T + from + i, value: from + i === 1 ? 'one' : from + i }));
// A series' values, numbers and texts as they were given.
const valuesOf = (s: SeriesBatch) => {
  let at = 0;
  return [...s.lengths].map((length, i) => (length < 0 ? s.numbers[i]! : s.text.slice(at, (at += length))));
};
// The points handed over, in the order they were taken (each series numbers its points' arrival).
const asPoints = (batches: SeriesBatch[][]): MonitorPoint[] =>
  batches
    .flat()
    .flatMap((s) => valuesOf(s).map((value, i) => ({ arrival: s.arrivals[i]!, point: { variable: s.variable, timestamp: s.times[i]!, value } })))
    .sort((a, b) => a.arrival - b.arrival)
    .map(({ point }) => point);
const sizes = (batches: SeriesBatch[][]) => batches.map((batch) => batch.reduce((n, s) => n + s.times.length, 0));
const plain = (batches: SeriesBatch[][]) =>
  batches.map((batch) => batch.map((s) => ({ variable: s.variable, times: [...s.times], values: valuesOf(s), arrivals: [...s.arrivals] })));
const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

let logs: CapturedLogs | undefined;
afterEach(() => logs?.restore());

describe('createWriteBuffer()', () => {
  it('hands points over a series per variable, numbered in order, in batches of at most maxBatch, numbers and text as they are', async () => {
    const batches: SeriesBatch[][] = [];
    const buffer = createWriteBuffer(async (batch) => void batches.push(batch), { interval: 60_000, maxBatch: 4 });
    buffer.add(points(0, 3));
    buffer.add(points(3, 10));
    expect(buffer.size).toBe(10);
    await buffer.flush();
    buffer.stop();
    expect(sizes(batches)).toEqual([4, 3, 3]);
    expect(asPoints(batches)).toEqual(points(0, 10));
    // A series fills up to maxBatch (v0), the others go as they are; numbers and text stay apart.
    expect(plain(batches)).toEqual([
      [{ variable: 'v0', times: [T, T + 3, T + 6, T + 9], values: [0, 3, 6, 9], arrivals: [0, 3, 6, 9] }],
      [{ variable: 'v1', times: [T + 1, T + 4, T + 7], values: ['one', 4, 7], arrivals: [1, 4, 7] }],
      [{ variable: 'v2', times: [T + 2, T + 5, T + 8], values: [2, 5, 8], arrivals: [2, 5, 8] }],
    ]);
    expect(buffer.size).toBe(0);
  });

  it('keeps texts of any script, and numbers among them, across flushes of growing and shrinking series', async () => {
    const batches: SeriesBatch[][] = [];
    const buffer = createWriteBuffer(async (batch) => void batches.push(batch), { interval: 60_000 });
    const texts = ['', 'plain', 'grüße', '€ 5', '日本語', '😀 emoji', 'a'.repeat(5000), '{"x":[1,2]}'];
    // Sizes across a series' first capacities (64 points, 1 KiB of text) and back down.
    const rounds = [3, 700, 20, 1500, 1];
    const given: MonitorPoint[] = [];
    for (const [round, count] of rounds.entries()) {
      const these = Array.from({ length: count }, (_, i): MonitorPoint => ({ variable: 'v', timestamp: T + given.length + i, value: i % 5 === 4 ? i : texts[(i + round) % texts.length]! }));
      buffer.add(these);
      given.push(...these);
      await buffer.flush();
    }
    buffer.stop();
    expect(sizes(batches)).toEqual(rounds);
    expect(asPoints(batches)).toEqual(given);
  });

  it('writes on its own every interval, without flush()', async () => {
    const batches: SeriesBatch[][] = [];
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
    const batches: SeriesBatch[][] = [];
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
        stored.push(...asPoints([batch]).map((p) => p.timestamp - T));
      },
      { interval: 60_000, maxBatch: 2 },
    );
    buffer.add(points(0, 4));
    const flushed = buffer.flush();
    buffer.add(points(4, 100));
    await flushed;
    expect(stored.slice(0, 4).sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
    expect(stored.length).toBeLessThan(100);
    await buffer.flush();
    buffer.stop();
    expect(stored.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('refuses whole batches while maxPoints wait, saying when to try again, and takes them once written', async () => {
    const batches: SeriesBatch[][] = [];
    const buffer = createWriteBuffer(async (batch) => void batches.push(batch), { interval: 60_000, maxPoints: 3 });
    buffer.add(points(0, 2));
    buffer.add(points(2, 4)); // crosses the bound: taken whole
    let refusal: unknown;
    try {
      buffer.add(points(4, 5));
    } catch (error) {
      refusal = error;
    }
    expect(isStoreFullError(refusal)).toBe(true);
    expect(refusal).toMatchObject({ message: 'The monitoring store is full: 4 points wait to be written; try again in 60 s', retryAfter: 60 });
    expect(() => buffer.add([])).toThrow('The monitoring store is full');
    expect(buffer.size).toBe(4);
    await buffer.flush();
    buffer.add(points(4, 5));
    await buffer.flush();
    buffer.stop();
    expect(asPoints(batches)).toEqual(points(0, 5));
  });

  it('counts the attempts that fail in a row, keeps the last error, and forgets both after a success', async () => {
    logs = captureLogs();
    let fail = true;
    const buffer = createWriteBuffer(
      async () => {
        if (fail) throw new Error('disk full');
      },
      { interval: 60_000 },
    );
    buffer.add(points(0, 1));
    for (let attempt = 1; attempt <= 3; attempt++) {
      await expect(buffer.flush()).rejects.toThrow('disk full');
      expect([buffer.failures, (buffer.lastError as Error).message]).toEqual([attempt, 'disk full']);
    }
    fail = false;
    await buffer.flush();
    buffer.stop();
    expect([buffer.failures, buffer.lastError, buffer.size]).toEqual([0, undefined, 0]);
  });

  it('logs failed attempts to the logger it is given, not to the global one', async () => {
    logs = captureLogs();
    const mine: LogObject[] = [];
    const logger = createConsola({ reporters: [{ log: (entry) => void mine.push(entry) }] });
    const buffer = createWriteBuffer(async () => Promise.reject(new Error('disk full')), { interval: 1000, log: () => logger });
    buffer.add(points(0, 2));
    await expect(buffer.flush()).rejects.toThrow('disk full');
    buffer.stop();
    expect(mine.map((entry) => [entry.type, entry.args[0]])).toEqual([
      ['error', 'Could not store 2 monitoring points (attempt 1); they are kept and retried in 2000 ms'],
    ]);
    expect(logs.logs).toEqual([]);
  });
});
