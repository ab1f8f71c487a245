import { afterEach, describe, expect, it } from 'vitest';
import { Severity } from 'mvi';
import { createTestRuntime } from 'mvi/testing';
import { heater } from '../../playground/heater.ts';

describe('playground heater', () => {
  let rt = createTestRuntime(heater);
  afterEach(async () => {
    await rt.close();
    rt = createTestRuntime(heater);
  });

  it('moves the room halfway to the target every two seconds, and monitors it', async () => {
    await rt.clock.advance('2s');
    await rt.clock.advance('2s');
    expect(await rt.invoke('status', {})).toEqual({ temperature: 20.8, target: 21 });
    expect((await rt.stored('temperature')).map((p) => p.value)).toEqual([20, 20.5, 20.8]);
    expect(rt.notifications).toEqual([]);
  });

  it('notifies a warning once the room is warmer than the alarm', async () => {
    rt.setParameter('target', 30);
    await rt.clock.advance('2s');
    expect(rt.notifications).toEqual([]);
    await rt.clock.advance('2s');
    expect(rt.notifications).toEqual([
      expect.objectContaining({ msg: 'The room is warmer than the alarm at 26 °C', severity: Severity.WARNING, timer: 600, service_name: 'heater' }),
    ]);
  });
});
