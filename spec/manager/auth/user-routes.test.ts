import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../../runtime/_service-app.ts';
import { ADMIN_PASSWORD, as, authApp, login } from './_auth-app.ts';

let env: Awaited<ReturnType<typeof authApp>>;
let admin: string;
beforeAll(async () => {
  env = await authApp();
  admin = await login(env.request, 'admin', ADMIN_PASSWORD);
}, 30_000);
afterAll(() => env.close());

const create = (name: string, role = 'user', password = `${name} password`) => env.request('/admin/users', as(admin, { body: { name, password, role } }));

describe('/admin/users', { timeout: 30_000 }, () => {
  it('creates users that can log in, and lists them', async () => {
    const res = await create('alice');
    expect([res.status, await readJson(res)]).toStrictEqual([201, { name: 'alice', role: 'user' }]);
    const viaPath = await env.request('/admin/users/bob', as(admin, { body: { password: 'bob password' } }));
    expect([viaPath.status, await readJson(viaPath)]).toStrictEqual([201, { name: 'bob', role: 'user' }]);
    expect(await login(env.request, 'alice', 'alice password')).toBeTruthy();
    const list = await readJson(await env.request('/admin/users', as(admin)));
    expect(list.map((user: { name: string; role: string }) => [user.name, user.role])).toStrictEqual([['admin', 'admin'], ['alice', 'user'], ['bob', 'user']]);
    expect(await readJson(await env.request('/admin/users/alice', as(admin)))).toMatchObject({ name: 'alice', role: 'user' });
  });

  it('answers 409 for a name that exists, 404 for one that does not', async () => {
    expect((await create('carol')).status).toBe(201);
    expect((await create('carol')).status).toBe(409);
    expect((await env.request('/admin/users/nobody', as(admin))).status).toBe(404);
    expect((await env.request('/admin/users/nobody', as(admin, { method: 'PUT', body: { role: 'admin' } }))).status).toBe(404);
    expect((await env.request('/admin/users/nobody', as(admin, { method: 'DELETE' }))).status).toBe(404);
  });

  it.each([
    ['a name with capitals', { name: 'Dave', password: 'long enough' }],
    ['a name with a slash', { name: 'a/b', password: 'long enough' }],
    ['the reserved name manager', { name: 'manager', password: 'long enough' }],
    ['a short password', { name: 'dave', password: 'short' }],
    ['an unknown role', { name: 'dave', password: 'long enough', role: 'root' }],
    ['the manager role', { name: 'dave', password: 'long enough', role: 'manager' }],
    ['no name', { password: 'long enough' }],
  ])('answers 422 for %s', async (_, body) => {
    const res = await env.request('/admin/users', as(admin, { body }));
    expect(res.status).toBe(422);
    expect((await readJson(res)).detail[0]).toMatchObject({ loc: expect.arrayContaining(['body']) });
  });

  it('is for admins only: 403 for a user, 401 without a token', async () => {
    await create('erin');
    const erin = await login(env.request, 'erin', 'erin password');
    for (const init of [as(erin), as(erin, { body: { name: 'mallory', password: 'mallory password', role: 'admin' } }), as(erin, { method: 'DELETE' })]) {
      const res = await env.request(init.method === 'DELETE' ? '/admin/users/admin' : '/admin/users', init);
      expect(res.status).toBe(403);
      expect(await readJson(res)).toStrictEqual({ detail: expect.stringContaining('admin') });
    }
    expect((await env.request('/admin/users')).status).toBe(401);
  });

  it('ends every session and token of a user whose password changed, and lets the new one in', async () => {
    await create('frank');
    const session = await login(env.request, 'frank', 'frank password');
    const api = (await readJson(await env.request('/auth/token', as(session, { body: {} })))).token;
    const res = await env.request('/admin/users/frank', as(admin, { method: 'PUT', body: { password: 'a new password' } }));
    expect([res.status, await readJson(res)]).toStrictEqual([200, { name: 'frank', role: 'user' }]);
    expect((await env.request('/auth/verify', as(session))).status).toBe(401);
    expect((await env.request('/auth/verify', as(api))).status).toBe(401);
    expect((await env.request('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'frank', password: 'frank password' }) })).status).toBe(401);
    expect(await login(env.request, 'frank', 'a new password')).toBeTruthy();
  });

  it('ends the tokens of a deleted user', async () => {
    await create('gina');
    const session = await login(env.request, 'gina', 'gina password');
    const api = (await readJson(await env.request('/auth/token', as(session, { body: {} })))).token;
    expect((await env.request('/admin/users/gina', as(admin, { method: 'DELETE' }))).status).toBe(200);
    expect((await env.request('/auth/verify', as(session))).status).toBe(401);
    expect((await env.request('/auth/verify', as(api))).status).toBe(401);
  });

  it('applies a new role to the tokens a user already has', async () => {
    await create('hank');
    const session = await login(env.request, 'hank', 'hank password');
    expect((await env.request('/admin/users', as(session))).status).toBe(403);
    expect((await env.request('/admin/users/hank', as(admin, { method: 'PUT', body: { role: 'admin' } }))).status).toBe(200);
    expect((await env.request('/admin/users', as(session))).status).toBe(200);
    expect(await readJson(await env.request('/auth/verify', as(session)))).toStrictEqual({ user: 'hank', role: 'admin' });
    expect((await env.request('/admin/users/hank', as(admin, { method: 'PUT', body: { role: 'service' } }))).status).toBe(200);
    expect((await env.request('/admin/users', as(session))).status).toBe(403);
  });

  it('keeps an admin from deleting or demoting themselves', async () => {
    const deleted = await env.request('/admin/users/admin', as(admin, { method: 'DELETE' }));
    expect([deleted.status, await readJson(deleted)]).toStrictEqual([403, { detail: expect.stringContaining('yourself') }]);
    expect((await env.request('/admin/users/admin', as(admin, { method: 'PUT', body: { role: 'user' } }))).status).toBe(403);
    expect((await env.request('/auth/verify', as(admin))).status).toBe(200);
  });

  it('answers 422 for a change with neither password nor role', async () => {
    expect((await env.request('/admin/users/alice', as(admin, { method: 'PUT', body: {} }))).status).toBe(422);
  });
});
