import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HTTPError } from 'h3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_ROLES } from '../../../lib/manager/auth/route-roles.ts';
import { createAuth } from '../../../lib/manager/auth/create-auth.ts';
import { openManagerDb } from '../../../lib/manager/manager-db.ts';
import { createTokenVerifier, parsePublicKey } from '../../../lib/protocol/verify-token.ts';
import { readJson } from '../../runtime/_service-app.ts';
import { capturingLogger } from '../../utilities/_capture-logs.ts';
import { ADMIN_PASSWORD, as, authApp, login } from './_auth-app.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('the first start', { timeout: 60_000 }, () => {
  it('creates the admin with MVI_ADMIN_PASSWORD and never logs it', async () => {
    const env = await authApp({ adminPassword: undefined, env: { MVI_ADMIN_PASSWORD: 'from the environment' } });
    try {
      expect(await login(env.request, 'admin', 'from the environment')).toBeTruthy();
      expect(env.lines.join('\n')).not.toContain('from the environment');
      expect(env.lines.join('\n')).toContain('MVI_ADMIN_PASSWORD');
    } finally {
      await env.close();
    }
  });

  it('without one, generates a password and prints it once, never again at later starts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mvi-auth-'));
    dirs.push(dir);
    let db = await openManagerDb(dir);
    const first = await authApp({ db, adminPassword: undefined });
    const printed = /password (\S+) \(shown only this once/.exec(first.lines.join('\n'))?.[1];
    expect(printed).toMatch(/^[\w-]{24}$/);
    const publicKey = first.auth.publicKey;
    await db.close();

    db = await openManagerDb(dir);
    const second = await authApp({ db, adminPassword: undefined });
    try {
      expect(second.lines.join('\n')).not.toContain(printed);
      expect(second.lines).toStrictEqual([]);
      expect(await login(second.request, 'admin', printed!)).toBeTruthy();
      expect(second.auth.publicKey).toBe(publicKey);
    } finally {
      await db.close();
    }
  });

  it('refuses an admin password shorter than 8 characters', async () => {
    const db = await openManagerDb();
    try {
      await expect(createAuth({ db, env: { MVI_ADMIN_PASSWORD: 'admin' }, logger: capturingLogger().logger })).rejects.toThrow(/MVI_ADMIN_PASSWORD: A password has at least 8 characters/);
    } finally {
      await db.close();
    }
  });

  it('keeps tokens and revocations across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mvi-auth-'));
    dirs.push(dir);
    let db = await openManagerDb(dir);
    const first = await authApp({ db });
    const kept = await first.auth.issueServiceToken('dice', '1.0.0');
    const revoked = await first.auth.issueServiceToken('dice', '2.0.0');
    await first.auth.revoke(revoked.id);
    await db.close();
    db = await openManagerDb(dir);
    const second = await authApp({ db });
    try {
      expect((await second.request('/auth/verify', as(kept.token))).status).toBe(200);
      expect((await second.request('/auth/verify', as(revoked.token))).status).toBe(401);
    } finally {
      await db.close();
    }
  });
});

describe('tokens of services and of the manager', { timeout: 30_000 }, () => {
  let env: Awaited<ReturnType<typeof authApp>>;
  beforeAll(async () => {
    env = await authApp();
  }, 30_000);
  afterAll(() => env.close());

  it('gives a deployed version a token of role service, which calls and notifies but never deploys, kills, reads logs, mints or manages', async () => {
    const { token } = await env.auth.issueServiceToken('dice', '1.0.0');
    expect(await readJson(await env.request('/auth/verify', as(token)))).toStrictEqual({ user: 'service:dice_1.0.0', role: 'service' });
    const routes = new Map<string, Response>();
    env.app.post('/services/', () => new Response('deployed'));
    env.app.delete('/services/', () => new Response('killed'));
    env.app.put('/services/~assign', () => new Response('assigned'));
    env.app.get('/services/~logs', () => new Response('logs'));
    env.app.all('/services/**', () => new Response('called'));
    env.app.post('/notifications/', () => new Response('noted'));
    for (const [method, path] of [['POST', '/services/'], ['DELETE', '/services/'], ['PUT', '/services/~assign'], ['GET', '/services/~logs'], ['GET', '/services/~logs/'], ['POST', '/auth/token'], ['GET', '/auth/token'], ['GET', '/admin/users'], ['POST', '/admin/users']] as const) {
      routes.set(`${method} ${path}`, await env.request(path, as(token, { method, body: method === 'GET' ? undefined : {} })));
    }
    expect([...routes].filter(([, res]) => res.status !== 403).map(([route]) => route)).toStrictEqual([]);
    expect(await (await env.request('/services/dice/roll', as(token, { body: {} }))).text()).toBe('called');
    expect(await (await env.request('/notifications/', as(token, { body: {} }))).text()).toBe('noted');
  });

  it('lets require() refuse a service with the deploy route\'s roles, and admit it with the call route\'s', async () => {
    const { token } = await env.auth.issueServiceToken('dice', '1.1.0');
    const serviceOutcomes: Record<string, unknown> = {};
    env.app.get('/services/dice/probe', async (event) => {
      for (const name of ['deploy', 'kill', 'logs', 'tokens', 'users', 'callService', 'notify'] as const) {
        serviceOutcomes[name] = await env.auth.require(event, ROUTE_ROLES[name]).then(() => 'allowed', (error: { status: number }) => error.status);
      }
      return 'done';
    });
    await env.request('/services/dice/probe', as(token));
    expect(serviceOutcomes).toStrictEqual({ deploy: 403, kill: 403, logs: 403, tokens: 403, users: 403, callService: 'allowed', notify: 'allowed' });
  });

  it('stops a killed service\'s token at once', async () => {
    const { token, id } = await env.auth.issueServiceToken('dice', '1.2.0');
    expect((await env.request('/auth/verify', as(token))).status).toBe(200);
    await env.auth.revoke(id);
    expect((await env.request('/auth/verify', as(token))).status).toBe(401);
  });

  it('refuses to make a token for a name or version that is none', () => {
    expect(() => env.auth.issueServiceToken('Dice', '1.0.0')).toThrow(TypeError);
    expect(() => env.auth.issueServiceToken('dice', 'latest')).toThrow(TypeError);
  });

  it('gives the manager a short-lived token that services accept, kept until a minute before it expires', async () => {
    const verifier = createTokenVerifier(env.auth.publicKey, { now: env.clock.now });
    const first = await env.auth.managerToken();
    expect(await verifier.verify(first)).toMatchObject({ sub: 'manager', role: 'manager', exp: Math.floor(env.clock.now() / 1000) + 300 });
    expect(await Promise.all([env.auth.managerToken(), env.auth.managerToken()])).toStrictEqual([first, first]);
    env.clock.advance(4 * 60_000 + 1000);
    const renewed = await env.auth.managerToken();
    expect(renewed).not.toBe(first);
    expect(await verifier.verify(renewed)).toBeDefined();
  });

  it('never accepts the manager\'s own token at the manager', async () => {
    expect((await env.request('/auth/verify', as(await env.auth.managerToken()))).status).toBe(401);
  });

  it('publishes the public half of its key only', () => {
    expect(Object.keys(parsePublicKey(env.auth.publicKey)).sort()).toStrictEqual(['crv', 'kty', 'x']);
    expect(JSON.parse(env.auth.publicKey)).not.toHaveProperty('d');
  });
});

describe('the guard', { timeout: 30_000 }, () => {
  let env: Awaited<ReturnType<typeof authApp>>;
  beforeAll(async () => {
    env = await authApp();
    env.app.get('/~health', () => 'up');
    env.app.get('/~version', () => '0.1.0');
    env.app.post('/services/', () => new Response('deployed'));
    env.app.get('/secret-page', () => 'secret');
  }, 30_000);
  afterAll(() => env.close());

  it('closes every route the app has, unless the table says it is open', async () => {
    expect(await (await env.request('/~health')).text()).toBe('up');
    expect(await (await env.request('/~version')).text()).toBe('0.1.0');
    const deploy = await env.request('/services/', { method: 'POST' });
    expect([deploy.status, deploy.headers.get('www-authenticate'), await readJson(deploy)]).toStrictEqual([401, 'Bearer', { detail: expect.stringContaining('Not authenticated') }]);
    expect((await env.request('/secret-page')).status).toBe(401);
  });

  it('leaves a route the table does not know to admins', async () => {
    await env.request('/admin/users', as(await login(env.request, 'admin', ADMIN_PASSWORD), { body: { name: 'ivy', password: 'ivy password' } }));
    const ivy = await login(env.request, 'ivy', 'ivy password');
    expect((await env.request('/secret-page', as(ivy))).status).toBe(403);
    expect(await (await env.request('/secret-page', as(await login(env.request, 'admin', ADMIN_PASSWORD)))).text()).toBe('secret');
    expect(await (await env.request('/services/', as(ivy, { body: {} }))).text()).toBe('deployed');
  });
});

describe('check(): the gateway\'s test of a Node request\'s headers', { timeout: 30_000 }, () => {
  it('gives the principal of a bearer token or session cookie, without a promise once verified; 401 and 403 as HTTPErrors', async () => {
    const env = await authApp();
    try {
      const admin = await login(env.request, 'admin', ADMIN_PASSWORD);
      const first = env.auth.check({ authorization: `Bearer ${admin}` }, ROUTE_ROLES.callService);
      expect(first).toBeInstanceOf(Promise);
      expect(await first).toStrictEqual({ subject: 'admin', role: 'admin', tokenId: expect.any(String) });
      expect(env.auth.check({ cookie: `theme=dark; mvi_session=${admin}` }, ROUTE_ROLES.callService)).toStrictEqual({ subject: 'admin', role: 'admin', tokenId: expect.any(String) });
      const missing = env.auth.check({}, ROUTE_ROLES.callService);
      expect(missing).toBeInstanceOf(HTTPError);
      expect(missing).toMatchObject({ status: 401, body: { detail: expect.stringContaining('Not authenticated') }, headers: expect.anything() });
      const forged = await env.auth.check({ authorization: `Bearer ${admin.slice(0, -4)}AAAA` }, ROUTE_ROLES.callService);
      expect(forged).toMatchObject({ status: 401 });
      const { token } = await env.auth.issueServiceToken('dice', '1.0.0');
      expect(await env.auth.check({ authorization: `Bearer ${token}` }, ROUTE_ROLES.deploy)).toMatchObject({ status: 403, body: { detail: expect.stringContaining("the token's role is service") } });
      expect(env.auth.check({ authorization: `Bearer ${token}` }, ROUTE_ROLES.callService)).toMatchObject({ role: 'service' });
    } finally {
      await env.close();
    }
  });
});

describe('--no-auth', { timeout: 30_000 }, () => {
  it('makes every request an admin, and says so in a warning', async () => {
    const env = await authApp({ enabled: false });
    try {
      expect(env.auth.enabled).toBe(false);
      expect(env.lines.some((line) => /Auth is off \(--no-auth\)/.test(line))).toBe(true);
      expect(await readJson(await env.request('/auth/verify'))).toStrictEqual({ user: 'admin', role: 'admin' });
      expect((await env.request('/admin/users')).status).toBe(200);
    } finally {
      await env.close();
    }
  });
});
