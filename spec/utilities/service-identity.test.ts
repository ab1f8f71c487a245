import { describe, expect, test } from 'vitest';
import { getServiceName, getServiceRootPath, getServiceVersion } from '../../lib/utilities/service-identity.ts';

describe('service identity', () => {
  test('defaults to unknown 0.0.0, answering at the root while run alone', () => {
    expect(getServiceName({})).toBe('unknown');
    expect(getServiceVersion({})).toBe('0.0.0');
    expect(getServiceRootPath({})).toBe('');
  });

  test('reads MVI_SERVICE_NAME and MVI_SERVICE_VERSION', () => {
    const env = { MVI_SERVICE_NAME: 'dice', MVI_SERVICE_VERSION: '1.2.0' };
    expect(getServiceName(env)).toBe('dice');
    expect(getServiceVersion(env)).toBe('1.2.0');
    expect(getServiceRootPath(env)).toBe('/services/dice_1.2.0');
  });

  test("falls back to the seed's and daeploy's names, ours first", () => {
    expect(getServiceName({ 'mvi.name': 'seed', 'daeploy.name': 'successor' })).toBe('seed');
    expect(getServiceName({ 'daeploy.name': 'successor' })).toBe('successor');
    expect(getServiceName({ MVI_SERVICE_NAME: 'ours', 'mvi.name': 'seed' })).toBe('ours');
    expect(getServiceVersion({ 'mvi.version': '0.9.0' })).toBe('0.9.0');
    expect(getServiceVersion({ 'daeploy.version': '3.0.0' })).toBe('3.0.0');
  });

  test('has a root path once either name or version is set', () => {
    expect(getServiceRootPath({ MVI_SERVICE_NAME: 'dice' })).toBe('/services/dice_0.0.0');
    expect(getServiceRootPath({ 'daeploy.version': '2.0.0' })).toBe('/services/unknown_2.0.0');
  });

  test('treats empty and blank values as unset and trims the rest', () => {
    expect(getServiceName({ MVI_SERVICE_NAME: '', 'mvi.name': 'seed' })).toBe('seed');
    expect(getServiceRootPath({ MVI_SERVICE_NAME: ' ', MVI_SERVICE_VERSION: '' })).toBe('');
    expect(getServiceVersion({ MVI_SERVICE_VERSION: ' 1.0.0\n' })).toBe('1.0.0');
  });
});
