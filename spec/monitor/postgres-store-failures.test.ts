import { createConsola } from 'consola';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defineService } from 'mvi';
import { createPostgresStore } from '../../lib/monitor/postgres-store.ts';
import { postJson, readJson, serviceApp } from '../runtime/_service-app.ts';
import { TEST_DATABASE_URL, testSchemas } from './_postgres.ts';
import { startTcpProxy, type TcpProxy } from './_tcp-proxy.ts';

const schemas = testSchemas();
const quiet = () => createConsola({ reporters: [] });
let proxy: TcpProxy;
let proxiedUrl: string;
beforeAll(async () => {
  const target = new URL(TEST_DATABASE_URL);
  proxy = await startTcpProxy(Number(target.port || 5432));
  target.port = String(proxy.port);
  proxiedUrl = target.href;
});
afterAll(() => proxy?.close());

const putter = () => defineService({ name: 'putter', version: '1.0.0' })
  .parameter('level', v.number(), 1)
  .entrypoint('put', v.object({ n: v.number() }), ({ n }) => n, { monitor: true });

describe('createPostgresStore() while its server is away', () => {
  it('keeps acknowledged points, answers /~health 503 with the reason, and writes each point once the server is back', async () => {
    const schema = schemas();
    const store = await createPostgresStore({ url: proxiedUrl, schema, replicaId: 'away', flushInterval: 20, logger: quiet() });
    const { app, close, started } = serviceApp(putter(), { store, logger: quiet() });
    await started;
    expect((await app.request('/put', postJson({ n: 0 }))).status).toBe(200);
    await store.flush();
    await proxy.cut();
    for (const n of [1, 2, 3]) expect((await app.request('/put', postJson({ n }))).status).toBe(200);
    await vi.waitFor(async () => {
      const res = await app.request('/~health');
      expect([res.status, await readJson(res)]).toEqual([503, { status: 'not ready', service: 'putter', version: '1.0.0', store: expect.stringMatching(/^cannot write: .*ECONNREFUSED/) }]);
    }, { timeout: 10_000 });
    const read = await app.request('/~monitor');
    expect([read.status, (await readJson(read)).detail]).toEqual([503, expect.stringMatching(/^The monitoring store cannot write: /)]);

    await proxy.restore();
    await vi.waitFor(async () => expect((await app.request('/~health')).status).toBe(200), { timeout: 20_000 });
    expect((await readJson(await app.request('/~monitor?variables=put_request'))).put_request.value).toEqual(['{"n":0}', '{"n":1}', '{"n":2}', '{"n":3}']);
    await close();
  }, 60_000);

  it('refuses monitored calls with 503 and Retry-After once maxBuffered points wait', async () => {
    const store = await createPostgresStore({ url: proxiedUrl, schema: schemas(), maxBuffered: 4, flushInterval: 20, logger: quiet() });
    const { app, close, started } = serviceApp(putter(), { store, logger: quiet() });
    await started;
    await proxy.cut();
    try {
      for (const n of [1, 2]) expect((await app.request('/put', postJson({ n }))).status).toBe(200);
      const refused = await app.request('/put', postJson({ n: 3 }));
      expect([refused.status, refused.headers.get('retry-after'), (await readJson(refused)).detail]).toEqual([503, expect.any(String), expect.stringMatching(/^The monitoring store is full: 4 points wait/)]);
    } finally {
      await proxy.restore();
    }
    await store.flush();
    expect((await app.request('/put', postJson({ n: 3 }))).status).toBe(200);
    expect((await readJson(await app.request('/~monitor?variables=put_response'))).put_response.value).toEqual(['1', '2', '3']);
    await close();
  }, 60_000);

  it('hears of parameters set on another replica again once its listening connection is back', async () => {
    const schema = schemas();
    const away = await createPostgresStore({ url: proxiedUrl, schema, replicaId: 'away', logger: quiet() });
    const direct = await createPostgresStore({ url: TEST_DATABASE_URL, schema, replicaId: 'direct', logger: quiet() });
    const heard: string[] = [];
    away.replicas.onParameter((name, value) => heard.push(`${name}=${value}`));
    await away.loadParameters();
    direct.saveParameter('level', '2');
    await vi.waitFor(() => expect(heard).toEqual(['level=2']), { timeout: 2000 });
    await proxy.cut();
    // Saved while the connection is down: heard once it is back, by reading the table again.
    direct.saveParameter('level', '3');
    await direct.loadParameters();
    await proxy.restore();
    await vi.waitFor(() => expect(heard).toEqual(['level=2', 'level=3']), { timeout: 30_000 });
    direct.saveParameter('level', '4');
    await vi.waitFor(() => expect(heard).toEqual(['level=2', 'level=3', 'level=4']), { timeout: 2000 });
    await Promise.all([away.close(), direct.close()]);
  }, 60_000);
});
