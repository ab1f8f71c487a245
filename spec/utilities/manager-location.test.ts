import { describe, expect, test } from 'vitest';
import { getManagerHostname, getManagerUrl } from '../../lib/utilities/manager-location.ts';

describe('getManagerUrl', () => {
  test('defaults to http://localhost:4000', () => {
    expect(getManagerUrl({})).toBe('http://localhost:4000');
  });

  test('reads MVI_MANAGER_URL, then DAEPLOY_MANAGER_URL, without trailing slashes', () => {
    expect(getManagerUrl({ MVI_MANAGER_URL: 'https://mvi.example.com/', DAEPLOY_MANAGER_URL: 'http://old' })).toBe('https://mvi.example.com');
    expect(getManagerUrl({ DAEPLOY_MANAGER_URL: 'http://10.0.0.5:5080//' })).toBe('http://10.0.0.5:5080');
  });

  test('names the variable when it is not an http(s) URL', () => {
    expect(() => getManagerUrl({ MVI_MANAGER_URL: 'localhost:4000' })).toThrow(/MVI_MANAGER_URL "localhost:4000" is not an http\(s\) URL/);
    expect(() => getManagerUrl({ DAEPLOY_MANAGER_URL: 'not a url' })).toThrow(TypeError);
  });
});

describe('getManagerHostname', () => {
  test('reads MVI_MANAGER_HOSTNAME, then DAEPLOY_MANAGER_HOSTNAME, default localhost', () => {
    expect(getManagerHostname({})).toBe('localhost');
    expect(getManagerHostname({ MVI_MANAGER_HOSTNAME: 'mvi.example.com', DAEPLOY_MANAGER_HOSTNAME: 'old' })).toBe('mvi.example.com');
    expect(getManagerHostname({ DAEPLOY_MANAGER_HOSTNAME: 'old.example.com' })).toBe('old.example.com');
  });
});
