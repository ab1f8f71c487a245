import { describe, expect, it } from 'vitest';
import { createParameterBuffer } from '../../lib/monitor/_parameter-buffer.ts';
import { drainBuffers, endClose } from '../../lib/monitor/drain-buffers.ts';
import { createWriteBuffer } from '../../lib/monitor/write-buffer.ts';
import { captureLogs } from '../utilities/_capture-logs.ts';

const T = Date.UTC(2026, 0, 1);
const failing = (message: string) => async () => {
  throw new Error(message);
};

describe('drainBuffers() and endClose()', () => {
  it('write what is held, and end quietly when all of it was written', async () => {
    const written: number[] = [];
    const buffer = createWriteBuffer(async (batch) => void written.push(...batch.map((s) => s.times.length)), { interval: 60_000 });
    const parameters = createParameterBuffer(async () => {});
    buffer.add([{ variable: 'x', timestamp: T, value: 1 }]);
    parameters.add('threshold', '0.5');
    buffer.stop();
    const drained = await drainBuffers(buffer, parameters);
    expect(drained).toEqual({ lost: 0, lostParameters: 0, failure: undefined });
    expect(written).toEqual([1]);
    expect(() => endClose(drained)).not.toThrow();
    expect(() => endClose(drained, new Error('close failed'))).toThrow('close failed');
  });

  it('count the points and values that could not be written, with the first failure as the cause', async () => {
    const logs = captureLogs();
    try {
      const buffer = createWriteBuffer(failing('disk full'), { interval: 60_000 });
      const parameters = createParameterBuffer(failing('read-only'));
      buffer.add([{ variable: 'x', timestamp: T, value: 1 }, { variable: 'y', timestamp: T, value: 'a' }]);
      parameters.add('threshold', '0.5');
      buffer.stop();
      const drained = await drainBuffers(buffer, parameters);
      expect(drained).toMatchObject({ lost: 2, lostParameters: 1 });
      expect(() => endClose(drained)).toThrow('The monitor store closed with 2 points and 1 parameter values it could not write');
      let error: unknown;
      try {
        endClose(drained, new Error('close failed'));
      } catch (thrown) {
        error = thrown;
      }
      expect(((error as Error).cause as Error).message).toBe('disk full');
    } finally {
      logs.restore();
    }
  });
});
