import { H3 } from 'h3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from 'mvi/runtime';
import { createMemoryStore } from '../../lib/monitor/memory-store.ts';
import { managerTokenCheck } from '../../lib/runtime/manager-token-check.ts';
import { hello } from '../../playground/hello.ts';
import { forgedToken, signToken, testKeys, unsignedToken, type TestKeys } from '../protocol/_tokens.ts';
import { postJson, readJson, serviceApp } from './_service-app.ts';

let keys: TestKeys;
let otherKeys: TestKeys;
beforeAll(async () => {
  [keys, otherKeys] = await Promise.all([testKeys(), testKeys()]);
});

const withToken = (token: string, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` } });
const identity = { MVI_SERVICE_NAME: 'hello', MVI_SERVICE_VERSION: '1.0.0' };

describe('a service behind a manager (MVI_MANAGER_PUBLIC_KEY set)', () => {
  let service: ReturnType<typeof serviceApp>;
  beforeAll(() => {
    service = serviceApp(hello, { env: { ...identity, MVI_MANAGER_PUBLIC_KEY: keys.publicKey } });
  });
  afterAll(() => service.close());

  it('answers a request with the manager\'s token, under both root paths', async () => {
    const token = await signToken(keys);
    for (const path of ['/hello', '/services/hello_1.0.0/hello']) {
      const res = await service.app.request(path, withToken(token, postJson({ name: 'Bob' })));
      expect([res.status, await readJson(res)]).toStrictEqual([200, 'Hello Bob']);
    }
  });

  it('keeps /~health open under both root paths', async () => {
    for (const path of ['/~health', '/services/hello_1.0.0/~health']) {
      expect((await service.app.request(path)).status).toBe(200);
    }
  });

  it('refuses a request without a token: 401 JSON with WWW-Authenticate: Bearer, on every route', async () => {
    for (const path of ['/hello', '/~parameters', '/~parameters/greeting_phrase', '/~monitor', '/~monitor/db', '/docs', '/openapi.json', '/nope', '/services/hello_1.0.0/~parameters']) {
      const res = await service.app.request(path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(await readJson(res)).toStrictEqual({ detail: expect.stringContaining('Missing token') });
    }
  });

  it('refuses a forged token, alg none, another key\'s token, an expired one and one of another scheme', async () => {
    const seconds = Math.floor(Date.now() / 1000);
    const tokens = [
      forgedToken(await signToken(keys, { exp: seconds - 10 }), { exp: seconds + 3600 }),
      unsignedToken(),
      await signToken(otherKeys),
      await signToken(keys, { iat: seconds - 600, exp: seconds - 1 }),
    ];
    for (const token of tokens) {
      const res = await service.app.request('/~parameters/greeting_phrase', withToken(token, postJson({ value: 'Owned' })));
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    }
    const basic = await service.app.request('/~parameters', { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } });
    expect(basic.status).toBe(401);
    expect(await readJson(await service.app.request('/~parameters/greeting_phrase', withToken(await signToken(keys))))).toBe('Hello');
  });

  it('refuses tokens the manager gave users and services: only its own short-lived ones come through it', async () => {
    for (const claims of [{ sub: 'alice', role: 'user' }, { sub: 'service:dice_1.0.0', role: 'service', exp: undefined }, { role: 'manager', exp: undefined }]) {
      const res = await service.app.request('/~parameters', withToken(await signToken(keys, claims)));
      expect(res.status, JSON.stringify(claims)).toBe(401);
    }
  });
});

describe('managerTokenCheck', () => {
  it('refuses a token that expired after it was first accepted', async () => {
    let now = Date.now();
    const app = new H3().use(managerTokenCheck({ publicKey: keys.publicKey, prefixes: [''], now: () => now })).get('/x', () => 'in');
    const token = await signToken(keys, { exp: Math.floor(now / 1000) + 60 });
    expect((await app.request('/x', withToken(token))).status).toBe(200);
    now += 61_000;
    expect((await app.request('/x', withToken(token))).status).toBe(401);
  });
});

describe('the managerPublicKey option', () => {
  it('protects a service without the environment variable, and wins over it', async () => {
    const service = serviceApp(hello, { env: { MVI_MANAGER_PUBLIC_KEY: otherKeys.publicKey }, managerPublicKey: keys.publicKey });
    expect((await service.app.request('/~parameters')).status).toBe(401);
    expect((await service.app.request('/~parameters', withToken(await signToken(keys)))).status).toBe(200);
    await service.close();
  });

  it('refuses to start with a key that is not an Ed25519 public JWK, rather than run open', () => {
    expect(() => serviceApp(hello, { env: { MVI_MANAGER_PUBLIC_KEY: 'secret' } })).toThrow(/not JSON/);
  });
});

describe('a service run alone (no key)', () => {
  it('stays open, as before, and its OpenAPI document asks for no token', async () => {
    const service = serviceApp(hello);
    const res = await service.app.request('/hello', postJson({ name: 'Bob' }));
    expect([res.status, await readJson(res)]).toStrictEqual([200, 'Hello Bob']);
    const doc = await readJson(await service.app.request('/openapi.json'));
    expect([doc.security, doc.components.securitySchemes]).toStrictEqual([undefined, undefined]);
    await service.close();
  });
});

describe('the OpenAPI document of a service that takes tokens', () => {
  it('declares the bearer token on every route but /~health, so that clients and the docs page send one', async () => {
    const service = serviceApp(hello, { managerPublicKey: keys.publicKey });
    const doc = await readJson(await service.app.request('/openapi.json', withToken(await signToken(keys))));
    expect(doc.security).toStrictEqual([{ managerToken: [] }]);
    expect(doc.components.securitySchemes.managerToken).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(doc.paths['/~health'].get.security).toStrictEqual([]);
    expect(doc.paths['/hello'].post.security).toBeUndefined();
    await service.close();
  });
});

describe('serve() on a port', () => {
  it('reads MVI_MANAGER_PUBLIC_KEY and checks tokens on real requests', async () => {
    const running = await serve(hello, { port: 0, store: createMemoryStore(), accessLog: false, handleSignals: false, env: { ...identity, MVI_MANAGER_PUBLIC_KEY: keys.publicKey } });
    try {
      const open = await fetch(`${running.url}/~health`);
      const refused = await fetch(`${running.url}/hello`, postJson({ name: 'Bob' }));
      const accepted = await fetch(`${running.url}/hello`, withToken(await signToken(keys), postJson({ name: 'Bob' })));
      expect([open.status, refused.status, accepted.status]).toStrictEqual([200, 401, 200]);
      expect(refused.headers.get('content-type')).toBe('application/json');
    } finally {
      await running.close();
    }
  });
});
