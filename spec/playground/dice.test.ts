import { afterAll, describe, expect, it } from 'vitest';
import { createTestRuntime } from 'mvi/testing';
import { dice } from '../../playground/dice.ts';

describe('playground dice', () => {
  const rt = createTestRuntime(dice);
  afterAll(() => rt.close());

  it('rolls every face of a die and nothing else', async () => {
    const seen = new Set<number>();
    for (let i = 0; i < 300; i++) seen.add(await rt.invoke('roll', { sides: 4 }));
    expect([...seen].sort()).toEqual([1, 2, 3, 4]);
    expect(await rt.stored('d4')).toHaveLength(300);
  });

  it('defaults to six sides and refuses one-sided dice', async () => {
    expect(await rt.invoke('roll', {})).toBeLessThanOrEqual(6);
    expect(await rt.request('roll', { sides: 1 })).toMatchObject({ status: 422, body: { detail: [{ loc: ['body', 'sides'] }] } });
  });
});
