import { expect, test } from 'vitest';
import { getServiceAccessToken } from '../../lib/utilities/service-access-token.ts';

test('reads MVI_SERVICE_TOKEN, then mvi.auth, then daeploy.auth', () => {
  expect(getServiceAccessToken({})).toBeUndefined();
  expect(getServiceAccessToken({ MVI_SERVICE_TOKEN: 'ours', 'mvi.auth': 'seed' })).toBe('ours');
  expect(getServiceAccessToken({ 'mvi.auth': 'seed', 'daeploy.auth': 'successor' })).toBe('seed');
  expect(getServiceAccessToken({ 'daeploy.auth': 'successor' })).toBe('successor');
});
