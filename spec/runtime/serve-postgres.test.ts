import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { serve } from 'mvi/runtime';
import { postgresSchemaOf } from '../../lib/monitor/postgres-schema.ts';
import { hello } from '../../playground/hello.ts';
import { TEST_DATABASE_URL, testSchemas, uniqueName } from '../monitor/_postgres.ts';
import { capturingLogger } from '../utilities/_capture-logs.ts';
import { readJson } from './_service-app.ts';

const schemas = testSchemas();
const dir = mkdtempSync(join(tmpdir(), 'mvi-serve-postgres-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('serve() with MVI_DATABASE_URL', () => {
  it('keeps monitoring and parameters in a schema of the service version on that server, tagged with MVI_REPLICA_ID, and nothing on disk', async () => {
    const name = uniqueName('serve_pg');
    const schema = schemas(postgresSchemaOf(name, '1.0.0'));
    const env = { MVI_DATABASE_URL: TEST_DATABASE_URL, MVI_SERVICE_NAME: name, MVI_SERVICE_VERSION: '1.0.0', MVI_REPLICA_ID: 'replica-a' };
    const { logger } = capturingLogger();
    const running = await serve(hello, { port: 0, env, dataDir: dir, logger, accessLog: false, handleSignals: false });
    const post = (path: string, body: unknown) => fetch(`${running.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    expect(await readJson(await post('/hello', { name: 'Ada' }))).toBe('Hello Ada');
    expect((await post('/~parameters/greeting_phrase', { value: 'Hi' })).status).toBe(200);
    expect((await readJson(await fetch(`${running.url}/~monitor?variables=hello_response`))).hello_response.value).toEqual(['"Hello Ada"']);
    await running.close();
    expect(readdirSync(dir)).toEqual([]);

    const sql = postgres(TEST_DATABASE_URL, { max: 1, connection: { search_path: schema } });
    try {
      const rows = await sql`SELECT variable, coalesce(txt, num::text) AS value, replica FROM mvi_points ORDER BY ts, id`;
      expect(rows.map((row) => ({ ...row }))).toEqual([
        { variable: 'greeting_phrase', value: 'Hello', replica: 'replica-a' },
        { variable: 'hello_request', value: '{"name":"Ada"}', replica: 'replica-a' },
        { variable: 'hello_response', value: '"Hello Ada"', replica: 'replica-a' },
        { variable: 'greeting_phrase', value: 'Hi', replica: 'replica-a' },
      ]);
    } finally {
      await sql.end();
    }

    // A restart (another replica of the same version) starts with the value set.
    const again = await serve(hello, { port: 0, env: { ...env, MVI_REPLICA_ID: 'replica-b' }, dataDir: dir, logger, accessLog: false, handleSignals: false });
    expect(await readJson(await fetch(`${again.url}/~parameters/greeting_phrase`))).toBe('Hi');
    await again.close();
  });

  it('refuses to start, naming the server but not the password, when the server cannot be reached', async () => {
    const url = `postgres://mvi:s3cret-password@127.0.0.1:${await closedPort()}/monitoring`;
    const env = { MVI_DATABASE_URL: url, MVI_SERVICE_NAME: uniqueName('serve_pg_down') };
    const failure = await serve(hello, { port: 0, env, dataDir: dir, accessLog: false, handleSignals: false }).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/^Could not open the monitoring store on PostgreSQL at 127\.0\.0\.1:\d+\/monitoring: .*ECONNREFUSED/);
    expect((failure as Error).message).not.toContain('s3cret');
  });
});
