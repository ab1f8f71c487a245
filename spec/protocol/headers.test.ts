import { expect, test } from 'vitest';
import { bearer, bearerToken, managerRequestHeaders } from '../../lib/protocol/headers.ts';

test('bearerToken reads what bearer writes, in any case of the scheme', () => {
  expect(bearerToken(bearer('abc.def.ghi'))).toBe('abc.def.ghi');
  expect(bearerToken('bearer abc')).toBe('abc');
});

test.each([null, undefined, '', 'Bearer', 'Bearer ', 'Basic abc', 'Bearer a b', 'Bearerabc'])('bearerToken(%j) finds no token', (value) => {
  expect(bearerToken(value)).toBeUndefined();
});

test('a service calls its manager with its token, JSON and the manager\'s Host', () => {
  expect(managerRequestHeaders('tok', 'mvi.example.com')).toStrictEqual({ Authorization: 'Bearer tok', 'Content-Type': 'application/json', Host: 'mvi.example.com' });
  expect(managerRequestHeaders(undefined, 'localhost')).toStrictEqual({ 'Content-Type': 'application/json', Host: 'localhost' });
});
