import { describe, expect, test } from 'vitest';
import { isAuthorizedUrl, mayCarryToken } from '../../lib/protocol/token-rule.ts';

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

describe('mayCarryToken', () => {
  const domains = ['mvi.example.com'];
  const url = (text: string) => new URL(text);

  test('lets the token go to an authorized host, over either scheme when the call began so', () => {
    expect(mayCarryToken(url('https://mvi.example.com/b'), url('https://mvi.example.com/a'), domains)).toBe(true);
    expect(mayCarryToken(url('http://mvi.example.com/b'), url('http://mvi.example.com/a'), domains)).toBe(true);
  });

  test('never to another host', () => {
    expect(mayCarryToken(url('https://evil.example.com/b'), url('https://mvi.example.com/a'), domains)).toBe(false);
  });

  test('never down from https to http, even on the authorized host', () => {
    expect(mayCarryToken(url('http://mvi.example.com/b'), url('https://mvi.example.com/a'), domains)).toBe(false);
  });
});
