import { describe, expect, test } from 'vitest';
import { getAuthorizedDomains } from '../../lib/utilities/authorized-domains.ts';

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
