import * as v from 'valibot';
import { defineService } from 'mvi';
import type { dice } from './dice.ts';

/** The score of five dice: 50 for yatzy (all equal), else their sum. */
export function score(hand: readonly number[]): number {
  return hand.every((d) => d === hand[0]) ? 50 : hand.reduce((a, b) => a + b, 0);
}

/** Plays yatzy with dice rolled by the dice service, called through the manager. */
export const yatzy = defineService({ name: 'yatzy', version: '1.0.0', description: 'Plays yatzy' })
  .monitor({ variables: { score: v.number() } })
  .entrypoint(
    'play',
    v.object({}),
    async (_, ctx) => {
      // Only the type of the dice service is imported: its code runs elsewhere.
      const die = ctx.client<typeof dice>('dice');
      const hand = await Promise.all(Array.from({ length: 5 }, () => die.roll({ sides: 6 })));
      const points = score(hand);
      ctx.store({ score: points });
      return { hand, score: points, yatzy: points === 50 };
    },
    { monitor: true, summary: 'Roll five dice and score them' },
  );

export default yatzy;
