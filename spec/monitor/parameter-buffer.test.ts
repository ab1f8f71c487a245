import { afterEach, describe, expect, it } from 'vitest';
import { createParameterBuffer, type ParameterBuffer } from '../../lib/monitor/_parameter-buffer.ts';
import { captureLogs, type CapturedLogs } from '../utilities/_capture-logs.ts';

let logs: CapturedLogs | undefined;
afterEach(() => logs?.restore());

type Saved = [string, string | null][];
const flat = (names: string[], values: (string | null)[]): Saved => names.map((name, i) => [name, values[i]!]);

describe('createParameterBuffer()', () => {
  it('saves in the background, one attempt at a time, the newest value of each name', async () => {
    const attempts: Saved[] = [];
    let unblock!: () => void;
    const blocked = new Promise<void>((resolve) => (unblock = resolve));
    const buffer = createParameterBuffer(async (names, values) => {
      attempts.push(flat(names, values));
      if (attempts.length === 1) await blocked;
    });
    buffer.add('a', '1');
    while (attempts.length === 0) await Promise.resolve();
    buffer.add('a', '2');
    buffer.add('b', null);
    buffer.add('a', '3');
    expect(buffer.size).toBe(2);
    unblock();
    await buffer.flush();
    expect(attempts).toEqual([[['a', '1']], [['a', '3'], ['b', null]]]);
    expect(buffer.size).toBe(0);
  });

  it('keeps the values of a failed attempt unless newer ones came, logs an error, and saves them with the next attempt', async () => {
    logs = captureLogs();
    const attempts: Saved[] = [];
    let failures = 1;
    const buffer: ParameterBuffer = createParameterBuffer(async (names, values) => {
      if (failures-- > 0) {
        buffer.add('b', 'newer');
        throw new Error('disk full');
      }
      attempts.push(flat(names, values));
    });
    buffer.add('a', '1');
    buffer.add('b', '2');
    await buffer.flush();
    expect(attempts).toEqual([[['b', 'newer'], ['a', '1']]]);
    expect(logs.texts().some((text) => text.includes('Could not save parameter "a"; it is kept and saved with the next change or on close'))).toBe(true);
  });

  it('rejects flush() while attempts fail, keeping the values', async () => {
    logs = captureLogs();
    const buffer = createParameterBuffer(() => Promise.reject(new Error('disk full')));
    buffer.add('a', '1');
    await expect(buffer.flush()).rejects.toThrow('disk full');
    expect(buffer.size).toBe(1);
  });
});
