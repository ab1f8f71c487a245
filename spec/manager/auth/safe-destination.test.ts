import { expect, test } from 'vitest';
import { safeDestination } from '../../../lib/manager/auth/safe-destination.ts';

test.each(['/', '/services/', '/services/?name=dice', '/a/b#c', '/~health'])('keeps the local path %j', (path) => {
  expect(safeDestination(path)).toBe(path);
});

test.each([
  '//evil.com', '///evil.com', 'https://evil.com', 'http:evil.com', '/\\evil.com', '\\/evil.com', '/\t/evil.com', '/\n/evil.com', '/ /evil.com',
  'javascript:alert(1)', 'evil.com', '', null, undefined, 42, ['/'],
])('sends %j to /', (destination) => {
  expect(safeDestination(destination)).toBe('/');
});
