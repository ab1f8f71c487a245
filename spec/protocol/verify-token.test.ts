import { SignJWT } from 'jose';
import { beforeAll, describe, expect, test } from 'vitest';
import { createTokenVerifier, parsePublicKey } from '../../lib/protocol/verify-token.ts';
import { forgedToken, signToken, testKeys, unsignedToken, type TestKeys } from './_tokens.ts';

let keys: TestKeys;
let otherKeys: TestKeys;
beforeAll(async () => {
  [keys, otherKeys] = await Promise.all([testKeys(), testKeys()]);
});

describe('createTokenVerifier', () => {
  test('gives the claims of a token the key signed', async () => {
    const verifier = createTokenVerifier(keys.publicKey);
    const claims = await verifier.verify(await signToken(keys, { sub: 'alice', role: 'user', jti: 't1' }));
    expect(claims).toMatchObject({ sub: 'alice', role: 'user', jti: 't1' });
  });

  test('refuses a forged payload, alg none, another key, HS256 keyed with the public key, and garbage', async () => {
    const verifier = createTokenVerifier(keys.publicKey);
    const valid = await signToken(keys, { role: 'service' });
    const hmac = await new SignJWT({ sub: 'manager', role: 'manager', jti: 'x' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JSON.parse(keys.publicKey).x));
    for (const token of [forgedToken(valid, { role: 'admin' }), unsignedToken(), await signToken(otherKeys), hmac, 'not.a.token', '', 'x'.repeat(5000)]) {
      expect(await verifier.verify(token)).toBeUndefined();
    }
  });

  test('refuses an expired token, and forgets one that expires after it was verified', async () => {
    let now = Date.now();
    const verifier = createTokenVerifier(keys.publicKey, { now: () => now });
    const seconds = Math.floor(now / 1000);
    expect(await verifier.verify(await signToken(keys, { exp: seconds - 1 }))).toBeUndefined();
    const token = await signToken(keys, { exp: seconds + 60 });
    expect(await verifier.verify(token)).toBeDefined();
    expect(verifier.cached(token)).toBeDefined();
    now += 61_000;
    expect(verifier.cached(token)).toBeUndefined();
    expect(await verifier.verify(token)).toBeUndefined();
  });

  test('refuses a token without the claims of ours', async () => {
    const verifier = createTokenVerifier(keys.publicKey);
    expect(await verifier.verify(await signToken(keys, { role: 'root' }))).toBeUndefined();
    expect(await verifier.verify(await signToken(keys, { jti: undefined }))).toBeUndefined();
  });

  test('remembers at most cacheSize tokens, the newest', async () => {
    const verifier = createTokenVerifier(keys.publicKey, { cacheSize: 2 });
    const tokens = await Promise.all(['a', 'b', 'c'].map((jti) => signToken(keys, { jti })));
    for (const token of tokens) await verifier.verify(token);
    expect(tokens.map((token) => verifier.cached(token)?.jti)).toStrictEqual([undefined, 'b', 'c']);
  });
});

describe('parsePublicKey', () => {
  test('reads the JWK of an Ed25519 public key', () => {
    expect(parsePublicKey(keys.publicKey)).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
  });

  test.each([
    ['not JSON', 'nope', /not JSON/],
    ['another kind of key', '{"kty":"RSA","n":"x","e":"AQAB"}', /not the JWK of an Ed25519 public key/],
    ['a private key', () => JSON.stringify({ ...JSON.parse(keys.publicKey), d: 'x'.repeat(43) }), /private key/],
  ])('refuses %s with a TypeError', (_, text, message) => {
    expect(() => parsePublicKey(typeof text === 'function' ? text() : text)).toThrow(message);
  });
});
