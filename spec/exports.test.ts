import { describe, expect, it } from 'vitest';

// The public surface, pinned: adding or removing an export is a visible change to review.
const entries = {
  mvi: () => import('mvi'),
  'mvi/runtime': () => import('mvi/runtime'),
  'mvi/testing': () => import('mvi/testing'),
  'mvi/communication': () => import('mvi/communication'),
  'mvi/utilities': () => import('mvi/utilities'),
  'mvi/monitor': () => import('mvi/monitor'),
  'mvi/manager': () => import('mvi/manager'),
};

describe('package entry points', () => {
  it.each(Object.entries(entries))('%s exports what it did', async (_, load) => {
    expect(Object.keys(await load()).sort()).toMatchSnapshot();
  });
});
