import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

interface ScryptParameters {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

// N = 2^15 takes ~130 ms on a 2-core machine of ours (measured by hand with scryptSync): slow
// for guessing, fine for a login. The parameters go with each hash, so they can be raised
// later without breaking stored ones.
const CURRENT: ScryptParameters = { N: 2 ** 15, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
// Stored parameters beyond these are a tampered row, not a cost worth paying.
const LIMIT: ScryptParameters = { N: 2 ** 20, r: 32, p: 16 };

function derive(password: string, salt: Buffer, params: ScryptParameters): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node refuses more than 32 MiB unless told.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** A salted scrypt hash of `password`, as `scrypt$N$r$p$salt$key` (base64url), parameters included. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, CURRENT);
  return ['scrypt', CURRENT.N, CURRENT.r, CURRENT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

function parse(stored: string): { readonly params: ScryptParameters; readonly salt: Buffer; readonly key: Buffer } | undefined {
  const [scheme, N, r, p, salt, key, ...rest] = stored.split('$');
  const params = { N: Number(N), r: Number(r), p: Number(p) };
  const bounded = [[params.N, LIMIT.N], [params.r, LIMIT.r], [params.p, LIMIT.p]].every(([value = 0, max = 0]) => Number.isInteger(value) && value > 0 && value <= max);
  // scrypt wants N a power of two.
  const sane = bounded && (params.N & (params.N - 1)) === 0;
  if (scheme !== 'scrypt' || rest.length > 0 || !sane || !salt || !key) return undefined;
  return { params, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') };
}

/** Whether `password` is the one `stored` was made from; compared in constant time. False for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || parsed.key.length !== KEY_BYTES) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}
