import { expect, test } from 'vitest';
import { nextLoadIn } from '../../lib/dashboard/_poll-interval.ts';

test('a poll loads again after its interval; one made once only after it failed, to recover', () => {
  expect([nextLoadIn(2000, false), nextLoadIn(2000, true), nextLoadIn(0, false), nextLoadIn(0, true)]).toStrictEqual([2000, 2000, 0, 5000]);
});
