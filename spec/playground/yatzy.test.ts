import { afterAll, describe, expect, it } from 'vitest';
import { createTestRuntime } from 'mvi/testing';
import { dice } from '../../playground/dice.ts';
import { yatzy } from '../../playground/yatzy.ts';

describe('playground yatzy', () => {
  const rt = createTestRuntime(yatzy);
  afterAll(() => rt.close());

  it('rolls five dice through the dice service and scores a yatzy', async () => {
    rt.stub('dice', 'roll', 4);
    expect(await rt.invoke('play', {})).toEqual({ hand: [4, 4, 4, 4, 4], score: 50, yatzy: true });
    expect(rt.calls).toHaveLength(5);
    expect(rt.calls[0]).toMatchObject({ service: 'dice', entrypoint: 'roll', args: { sides: 6 } });
    expect((await rt.stored('score')).map((p) => p.value)).toEqual([50]);
  });

  it('sums a hand that is not a yatzy', async () => {
    const faces = [1, 2, 3, 4, 6];
    rt.stub('dice', 'roll', () => faces.shift());
    expect(await rt.invoke('play', {})).toEqual({ hand: [1, 2, 3, 4, 6], score: 16, yatzy: false });
  });

  it('plays against the real dice service running in another test runtime', async () => {
    const diceRt = createTestRuntime(dice);
    rt.stub('dice', 'roll', (args) => diceRt.request('roll', args).then((answer) => answer.body));
    const { hand } = await rt.invoke('play', {});
    expect(hand.every((d) => d >= 1 && d <= 6)).toBe(true);
    expect(await diceRt.stored('d6')).toHaveLength(5);
    await diceRt.close();
  });

  it('answers 502 when the dice service cannot be reached', async () => {
    const lonely = createTestRuntime(yatzy);
    expect((await lonely.request('play', {})).status).toBe(502);
    await lonely.close();
  });
});
