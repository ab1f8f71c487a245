import { expect, test } from 'vitest';
import { getHeaders } from '../../lib/utilities/headers.ts';

test('carries the bearer token, JSON content type and the manager hostname', () => {
  expect(getHeaders({ MVI_SERVICE_TOKEN: 'tok', MVI_MANAGER_HOSTNAME: 'mvi.example.com' })).toStrictEqual({
    Authorization: 'Bearer tok',
    'Content-Type': 'application/json',
    Host: 'mvi.example.com',
  });
});

test('leaves Authorization out while no token is set', () => {
  expect(getHeaders({})).toStrictEqual({ 'Content-Type': 'application/json', Host: 'localhost' });
});
