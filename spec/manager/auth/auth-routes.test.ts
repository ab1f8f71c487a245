import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgedToken, signToken, testKeys, unsignedToken } from '../../protocol/_tokens.ts';
import { readJson } from '../../runtime/_service-app.ts';
import { ADMIN_PASSWORD, as, authApp, login } from './_auth-app.ts';

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
const DAY = 86_400_000;

let env: Awaited<ReturnType<typeof authApp>>;
beforeAll(async () => {
  env = await authApp();
}, 30_000);
afterAll(() => env.close());

describe('POST /auth/login', { timeout: 30_000 }, () => {
  it('gives JSON {token} and the session cookie, HttpOnly, SameSite=Strict, Path=/, for 7 days', async () => {
    const res = await env.request('/auth/login', json({ username: 'admin', password: ADMIN_PASSWORD }));
    expect(res.status).toBe(200);
    const { token } = await readJson(res);
    expect(token.split('.')).toHaveLength(3);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toBe(`mvi_session=${token}; Max-Age=604800; Path=/; HttpOnly; SameSite=Strict`);
  });

  it('marks the cookie Secure when the login came over https', async () => {
    const res = await env.request('https://manager.example.com/auth/login', json({ username: 'admin', password: ADMIN_PASSWORD }));
    expect(res.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('answers a form with 303 to a local destination, cookie set', async () => {
    const res = await env.request('/auth/login?destination=%2Fservices%2F%3Fname%3Ddice', form({ username: 'admin', password: ADMIN_PASSWORD }));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/services/?name=dice');
    expect(res.headers.get('set-cookie')).toMatch(/^mvi_session=[\w-]+\.[\w-]+\.[\w-]+; /);
  });

  it.each(['//evil.com', 'https://evil.com', '/\\evil.com', '/\t/evil.com', '\\\\evil.com', 'javascript:alert(1)', 'evil.com', '/%0a/evil.com'.replace('%0a', '\n'), ''])(
    'never redirects to another host (%j goes to /)',
    async (destination) => {
      const res = await env.request(`/auth/login?destination=${encodeURIComponent(destination)}`, form({ username: 'admin', password: ADMIN_PASSWORD }));
      expect([res.status, res.headers.get('location')]).toStrictEqual([303, '/']);
    },
  );

  it('answers 401 with one message for a wrong password and for an unknown user', async () => {
    for (const body of [{ username: 'admin', password: 'wrong password' }, { username: 'nobody', password: ADMIN_PASSWORD }]) {
      const res = await env.request('/auth/login', json(body));
      expect([res.status, await readJson(res)]).toStrictEqual([401, { detail: 'Wrong username or password' }]);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    const viaForm = await env.request('/auth/login?destination=/', form({ username: 'admin', password: 'nope' }));
    expect(viaForm.status).toBe(401);
  });

  it('answers 422 for a body without the fields, 415 for another content type, 405 for GET', async () => {
    const missing = await env.request('/auth/login', json({ username: 'admin' }));
    expect([missing.status, (await readJson(missing)).detail[0].loc]).toStrictEqual([422, ['body', 'password']]);
    expect((await env.request('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' })).status).toBe(422);
    expect((await env.request('/auth/login', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'admin' })).status).toBe(415);
    expect((await env.request('/auth/login')).status).toBe(405);
  });

  it('locks a username after 5 failures in a row, even for the right password, and lets it in again 15 minutes later', async () => {
    const fresh = await authApp();
    try {
      for (let i = 0; i < 5; i++) expect((await fresh.request('/auth/login', json({ username: 'admin', password: `guess ${i}` }))).status).toBe(401);
      const locked = await fresh.request('/auth/login', json({ username: 'admin', password: ADMIN_PASSWORD }));
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBe(900);
      fresh.clock.advance(15 * 60_000);
      expect((await fresh.request('/auth/login', json({ username: 'admin', password: ADMIN_PASSWORD }))).status).toBe(200);
    } finally {
      await fresh.close();
    }
  }, 30_000);
});

describe('GET /auth/verify', { timeout: 30_000 }, () => {
  it('names the user and role of a bearer token or of the session cookie', async () => {
    const token = await login(env.request, 'admin', ADMIN_PASSWORD);
    const expected = [200, { user: 'admin', role: 'admin' }];
    const bearer = await env.request('/auth/verify', as(token));
    expect([bearer.status, await readJson(bearer)]).toStrictEqual(expected);
    const cookie = await env.request('/auth/verify', { headers: { cookie: `theme=dark; mvi_session=${token}` } });
    expect([cookie.status, await readJson(cookie)]).toStrictEqual(expected);
  });

  it('answers 401 with WWW-Authenticate: Bearer without a token, for a forged one, alg none and another key\'s', async () => {
    const token = await login(env.request, 'admin', ADMIN_PASSWORD);
    const keys = await testKeys();
    const attempts: RequestInit[] = [
      {},
      as(forgedToken(token, { sub: 'someone', role: 'admin' })),
      as(forgedToken(token, { exp: Math.floor(env.clock.now() / 1000) + 365 * 86_400 })),
      as(unsignedToken({ sub: 'admin', role: 'admin', jti: 'x' })),
      as(await signToken(keys, { sub: 'admin', role: 'admin' })),
      { headers: { authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}` } },
      { headers: { cookie: 'mvi_session=garbage' } },
    ];
    for (const init of attempts) {
      const res = await env.request('/auth/verify', init);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('refuses an expired session', async () => {
    const token = await login(env.request, 'admin', ADMIN_PASSWORD);
    env.clock.advance(7 * DAY + 1000);
    expect((await env.request('/auth/verify', as(token))).status).toBe(401);
  });
});

describe('GET /auth/logout', { timeout: 30_000 }, () => {
  it('clears the cookie and revokes the session, so a copy of its token stops working', async () => {
    const token = await login(env.request, 'admin', ADMIN_PASSWORD);
    const res = await env.request('/auth/logout', { headers: { cookie: `mvi_session=${token}` } });
    expect([res.status, await readJson(res)]).toStrictEqual([200, 'OK']);
    expect(res.headers.get('set-cookie')).toMatch(/^mvi_session=; Max-Age=0; .*Path=\/; HttpOnly; SameSite=Strict/);
    expect((await env.request('/auth/verify', as(token))).status).toBe(401);
  });

  it('redirects to a local destination only', async () => {
    const res = await env.request('/auth/logout?destination=//evil.com');
    expect([res.status, res.headers.get('location')]).toStrictEqual([303, '/']);
  });
});

describe('/auth/token', { timeout: 30_000 }, () => {
  it('mints an API token that works until it is revoked', async () => {
    const session = await login(env.request, 'admin', ADMIN_PASSWORD);
    const minted = await env.request('/auth/token', as(session, { body: {} }));
    expect(minted.status).toBe(201);
    const { token, id } = await readJson(minted);
    expect((await env.request('/auth/verify', as(token))).status).toBe(200);
    env.clock.advance(365 * DAY);
    expect((await env.request('/auth/verify', as(token))).status).toBe(200);
    const fresh = await login(env.request, 'admin', ADMIN_PASSWORD);
    const revoked = await env.request(`/auth/token?id=${id}`, as(fresh, { method: 'DELETE' }));
    expect([revoked.status, await readJson(revoked)]).toStrictEqual([200, 'OK']);
    expect((await env.request('/auth/verify', as(token))).status).toBe(401);
    expect((await env.request(`/auth/token?id=${id}`, as(fresh, { method: 'DELETE' }))).status).toBe(404);
  });

  it('gives a token with expires_in_days an expiry, and revokes it before then too', async () => {
    const session = await login(env.request, 'admin', ADMIN_PASSWORD);
    const expiring = await readJson(await env.request('/auth/token', as(session, { body: { expires_in_days: 1 } })));
    const revoked = await readJson(await env.request('/auth/token', as(session, { body: { expires_in_days: 30 } })));
    expect((await env.request(`/auth/token?id=${revoked.id}`, as(session, { method: 'DELETE' }))).status).toBe(200);
    expect((await env.request('/auth/verify', as(revoked.token))).status).toBe(401);
    expect((await env.request('/auth/verify', as(expiring.token))).status).toBe(200);
    env.clock.advance(DAY + 1000);
    expect((await env.request('/auth/verify', as(expiring.token))).status).toBe(401);
  });

  it('lists the caller\'s API tokens with when they were made and expire', async () => {
    const session = await login(env.request, 'admin', ADMIN_PASSWORD);
    const { id } = await readJson(await env.request('/auth/token', as(session, { body: { expires_in_days: 2 } })));
    const list = await readJson(await env.request('/auth/token', as(session)));
    expect(list).toContainEqual({
      id,
      subject: 'admin',
      role: 'admin',
      kind: 'api',
      created_at: new Date(env.clock.now()).toISOString(),
      expires_at: new Date(env.clock.now() + 2 * DAY).toISOString(),
    });
    expect(list.every((token: { kind: string }) => token.kind !== 'session')).toBe(true);
  });

  it('answers 422 for a bad expiry and a DELETE without id', async () => {
    const session = await login(env.request, 'admin', ADMIN_PASSWORD);
    for (const expires_in_days of [0, -1, 'soon']) {
      expect((await env.request('/auth/token', as(session, { body: { expires_in_days } }))).status).toBe(422);
    }
    const noId = await env.request('/auth/token', as(session, { method: 'DELETE' }));
    expect([noId.status, await readJson(noId)]).toStrictEqual([422, { detail: [{ loc: ['query', 'id'], msg: 'Field required', type: 'missing' }] }]);
  });

  it('needs a token itself', async () => {
    expect((await env.request('/auth/token', { method: 'POST' })).status).toBe(401);
  });
});
