import { describe, expect, it } from 'vitest';
import { sessionToken, withoutSessionCookie } from '../../../lib/manager/gateway/_session-cookie.ts';

describe('sessionToken()', () => {
  it('reads the session cookie among others, the first when sent twice, quotes and percent-encoding undone', () => {
    expect(sessionToken('mvi_session=abc.def.ghi')).toBe('abc.def.ghi');
    expect(sessionToken('theme=dark;  mvi_session=abc ; lang=sv')).toBe('abc');
    expect(sessionToken('mvi_session=first; mvi_session=second')).toBe('first');
    expect(sessionToken('mvi_session="quoted"')).toBe('quoted');
    expect(sessionToken('mvi_session=a%2Eb')).toBe('a.b');
    expect(sessionToken('mvi_session=100%')).toBe('100%');
  });

  it('finds none in a cookie that only looks like it', () => {
    expect(sessionToken(undefined)).toBeUndefined();
    expect(sessionToken('')).toBeUndefined();
    expect(sessionToken('xmvi_session=abc; mvi_sessions=def')).toBeUndefined();
    expect(sessionToken('theme=mvi_session')).toBeUndefined();
    expect(sessionToken('mvi_session')).toBeUndefined();
  });

  it('agrees with what the gateway strips before forwarding', () => {
    expect(withoutSessionCookie('theme=dark; mvi_session=abc')).toBe('theme=dark');
  });
});
