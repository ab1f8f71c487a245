import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

/** An Ed25519 key pair, and its public half as the JWK text services get. */
export interface TestKeys {
  readonly privateKey: CryptoKey;
  readonly publicKey: string;
}

export async function testKeys(): Promise<TestKeys> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return { privateKey, publicKey: JSON.stringify(await exportJWK(publicKey)) };
}

/** A token signed with `keys`, with the manager's claims unless overridden; `exp` in seconds since the epoch. */
export function signToken(keys: TestKeys, claims: JWTPayload = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: 'manager', role: 'manager', jti: 'test-token', iat: now, exp: now + 300, ...claims })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .sign(keys.privateKey);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned token (`alg: none`) with the manager's claims. */
export function unsignedToken(claims: JWTPayload = {}): string {
  const now = Math.floor(Date.now() / 1000);
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: 'manager', role: 'manager', jti: 'x', iat: now, exp: now + 300, ...claims })}.`;
}

/** `token` with its payload replaced by `claims` and its signature kept: a forgery. */
export function forgedToken(token: string, claims: JWTPayload): string {
  const [header, payload, signature] = token.split('.');
  const original = JSON.parse(Buffer.from(payload!, 'base64url').toString());
  return `${header}.${base64url({ ...original, ...claims })}.${signature}`;
}
