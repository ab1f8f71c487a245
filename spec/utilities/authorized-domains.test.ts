import { describe, expect, test } from 'vitest';
import { getAuthorizedDomains, isAuthorizedUrl } from '../../lib/utilities/authorized-domains.ts';

describe('getAuthorizedDomains', () => {
  test('is the manager hostname and the manager URL host', () => {
    expect(getAuthorizedDomains({ MVI_MANAGER_HOSTNAME: 'Mvi.Example.com', MVI_MANAGER_URL: 'http://10.0.0.5:4000' })).toStrictEqual([
      'mvi.example.com',
      '10.0.0.5:4000',
    ]);
  });

  test('lists a host once', () => {
    expect(getAuthorizedDomains({ MVI_MANAGER_URL: 'https://localhost' })).toStrictEqual(['localhost']);
  });
});

describe('isAuthorizedUrl', () => {
  const domains = ['mvi.example.com', '10.0.0.5:4000'];

  test('admits any port of a domain given without one', () => {
    expect(isAuthorizedUrl('https://mvi.example.com/services/a/b', domains)).toBe(true);
    expect(isAuthorizedUrl('http://mvi.example.com:8080/x', domains)).toBe(true);
  });

  test('admits only the given port of a domain given with one', () => {
    expect(isAuthorizedUrl('http://10.0.0.5:4000/x', domains)).toBe(true);
    expect(isAuthorizedUrl('http://10.0.0.5:4001/x', domains)).toBe(false);
  });

  test('refuses other hosts, look-alikes included', () => {
    expect(isAuthorizedUrl('https://evil.example.com/x', domains)).toBe(false);
    expect(isAuthorizedUrl('https://mvi.example.com.evil.io/x', domains)).toBe(false);
  });
});
