import { expect, test } from 'vitest';
import { hashPassword, verifyPassword } from '../../../lib/manager/auth/_password-hash.ts';

test('a hash is salted scrypt with its parameters, and checks the password it was made from only', async () => {
  const [first, second] = await Promise.all([hashPassword('s3cret pass'), hashPassword('s3cret pass')]);
  expect(first).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  expect(first).not.toBe(second);
  expect(await verifyPassword('s3cret pass', first)).toBe(true);
  expect(await verifyPassword('s3cret pasS', first)).toBe(false);
});

test('a malformed or tampered hash checks nothing, and costs no huge scrypt', async () => {
  const hash = await hashPassword('pass word');
  const parts = hash.split('$');
  for (const tampered of ['', 'plain', hash.replace('scrypt', 'bcrypt'), [...parts.slice(0, 1), String(2 ** 30), ...parts.slice(2)].join('$'), [...parts.slice(0, 1), '1000', ...parts.slice(2)].join('$'), `${hash}$x`, hash.slice(0, -4)]) {
    expect(await verifyPassword('pass word', tampered)).toBe(false);
  }
});
