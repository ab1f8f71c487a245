import * as v from 'valibot';
import { defineService } from 'mvi';

/** Rolls dice; another service (yatzy) calls it. */
export const dice = defineService({ name: 'dice', version: '1.0.0', description: 'Rolls dice' })
  .entrypoint(
    'roll',
    v.object({ sides: v.optional(v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(1000)), 6) }),
    ({ sides }, ctx) => {
      const value = 1 + Math.floor(Math.random() * sides);
      ctx.store({ [`d${sides}`]: value });
      return value;
    },
    { summary: 'Roll one die with the given number of sides' },
  );

export default dice;
