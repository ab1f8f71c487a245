import { spawn, spawnSync } from 'node:child_process';
import { createConsola } from 'consola';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { defineService } from 'mvi';
import { serve } from 'mvi/runtime';
import { createMemoryStore } from '../../lib/monitor/memory-store.ts';
import { isProcessAlive } from '../../lib/utilities/_process-alive.ts';
import { hello } from '../../playground/hello.ts';
import { captureLogs, capturingLogger } from '../utilities/_capture-logs.ts';
import { readJson } from './_service-app.ts';

const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'mvi-serve-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
// Services this file started outside its own process tree, stopped by pid whatever happens.
const children: number[] = [];
afterAll(() => {
  for (const pid of children) if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
});

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

// fetch cannot send a GET body; the seed's Python clients do.
function getWithBody(url: string, body: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = httpRequest(url, { method: 'GET', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('serve()', () => {
  it('serves on a real port and keeps monitoring data across a restart', async () => {
    const dir = dataDir();
    const first = await serve(hello, { port: 0, dataDir: dir, accessLog: false, handleSignals: false, env: {} });
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.docsUrl).toBe(`${first.url}/docs`);
    for (let i = 0; i < 50; i++) expect((await post(`${first.url}/hello`, { name: `n${i}` })).status).toBe(200);
    await first.close();

    const second = await serve(hello, { port: 0, dataDir: dir, accessLog: false, handleSignals: false, env: {} });
    const data = await readJson(await fetch(`${second.url}/~monitor?variables=hello_request&variables=greeting_phrase`));
    expect(data.hello_request.value).toHaveLength(50);
    expect(data.hello_request.value[49]).toBe('{"name":"n49"}');
    expect(data.greeting_phrase.value).toEqual(['Hello', 'Hello']);
    await second.close();
    // Two PGlite opens, the first of the file: more than vitest's default 5 s on a busy machine.
  }, 30_000);

  it('takes a GET entrypoint\'s arguments from a JSON body, as the seed clients send them', async () => {
    const service = defineService({ name: 'g', version: '1' }).entrypoint('echo', v.object({ q: v.string() }), ({ q }) => q, { method: 'GET' });
    const running = await serve(service, { port: 0, dataDir: dataDir(), accessLog: false, handleSignals: false, env: {} });
    expect(await getWithBody(`${running.url}/echo`, { q: 'from body' })).toEqual({ status: 200, text: '"from body"' });
    expect(await (await fetch(`${running.url}/echo?q=from%20query`)).text()).toBe('"from query"');
    // srvx sends an empty reason phrase unless one is set.
    const monitor = await fetch(`${running.url}/~monitor`);
    expect([monitor.status, monitor.statusText]).toEqual([200, 'OK']);
    await running.close();
  });

  it('reads a JSON body that starts with a byte order mark, as Windows tools write one, and stores it as sent', async () => {
    const running = await serve(hello, { port: 0, dataDir: dataDir(), accessLog: false, handleSignals: false, env: {} });
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"Bom"}')]);
    const answer = await fetch(`${running.url}/hello`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect([answer.status, await answer.json()]).toEqual([200, 'Hello Bom']);
    const stored = await readJson(await fetch(`${running.url}/~monitor?variables=hello_request`));
    expect(stored.hello_request.value).toEqual(['\ufeff{"name":"Bom"}']);
    await running.close();
  });

  it('answers under the root path the manager gives, and lets in-flight requests finish on close', async () => {
    let release!: () => void;
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    const service = defineService({ name: 'slow', version: '2.0.0' }).entrypoint('wait', v.object({}), () => {
      entered();
      return new Promise<string>((r) => (release = () => r('done')));
    });
    const running = await serve(service, {
      port: 0, dataDir: dataDir(), accessLog: false, handleSignals: false,
      env: { MVI_SERVICE_NAME: 'slow', MVI_SERVICE_VERSION: '2.0.0' },
    });
    expect(running.url).toMatch(/\/services\/slow_2\.0\.0$/);
    const inFlight = post(`${running.url}/wait`, {});
    await inHandler;
    let closedYet = false;
    const closed = running.close().then(() => (closedYet = true));
    await new Promise((r) => setImmediate(r));
    expect(closedYet).toBe(false);
    release();
    const answer = await inFlight;
    expect([answer.status, await answer.text()]).toEqual([200, '"done"']);
    await closed;
  });

  it('keeps the data of each version the manager runs apart, under the version it gives', async () => {
    const dir = dataDir();
    const env = (version: string) => ({ MVI_SERVICE_NAME: 'hello', MVI_SERVICE_VERSION: version });
    const main = await serve(hello, { port: 0, dataDir: dir, accessLog: false, handleSignals: false, env: env('1.0.0') });
    const shadow = await serve(hello, { port: 0, dataDir: dir, accessLog: false, handleSignals: false, env: env('1.1.0') });
    await post(`${shadow.url}/hello`, { name: 'shadow' });
    expect(await readJson(await fetch(`${main.url}/~monitor?variables=greeting_phrase`))).toEqual({ greeting_phrase: expect.anything() });
    expect((await fetch(`${main.url}/~monitor?variables=hello_request`)).status).toBe(412);
    await Promise.all([main.close(), shadow.close()]);
    expect(readdirSync(dir).sort()).toEqual(['hello_1.0.0', 'hello_1.1.0']);
  });

  it('refuses an invalid port, or one in use, saying which and what to do, with nothing made on disk', async () => {
    const dir = dataDir();
    await expect(serve(hello, { dataDir: dir, handleSignals: false, env: { PORT: 'abc' } })).rejects.toThrow('Invalid port "abc"');
    const blocker = await serve(hello, { port: 0, dataDir: dataDir(), accessLog: false, handleSignals: false, env: {} });
    const taken = Number(new URL(blocker.url).port);
    await expect(serve(hello, { port: taken, dataDir: dir, handleSignals: false, env: {} })).rejects.toMatchObject({
      code: 'EADDRINUSE',
      message: `Port ${taken} on 127.0.0.1 is already in use: stop what holds it, or choose another port with --port or PORT (0 picks a free one)`,
    });
    expect(readdirSync(dir)).toStrictEqual([]);
    const next = await serve(hello, { port: 0, dataDir: dir, accessLog: false, handleSignals: false, env: {} });
    await Promise.all([next.close(), blocker.close()]);
  });

  it('says it listens as soon as it answers, and separately when monitoring is open', async () => {
    let open!: () => void;
    const store = Object.assign(createMemoryStore(), { ready: new Promise<void>((resolve) => (open = resolve)) });
    const { logger, lines } = capturingLogger();
    let served = false;
    const starting = serve(hello, { port: 0, store, logger, accessLog: false, handleSignals: false, env: {} }).then((running) => ((served = true), running));
    await vi.waitFor(() => expect(lines.some((line) => line.startsWith('hello 1.0.0 listening on '))).toBe(true));
    const url = /listening on (\S+)/.exec(lines.find((line) => line.includes('listening'))!)![1]!;
    const greeted = await post(`${url}/hello`, { name: 'early' });
    expect([greeted.status, await greeted.text()]).toEqual([200, '"Hello early"']);
    expect(served).toBe(false);
    expect(lines).not.toContain('hello 1.0.0: monitoring open');
    open();
    const running = await starting;
    expect(lines.at(-1)).toBe('hello 1.0.0: monitoring open');
    await running.close();
  });

  it('fails to start, and lets go of everything, when its monitoring database cannot open', async () => {
    const dir = dataDir();
    const pgdata = join(dir, 'hello_1.0.0', 'pgdata');
    mkdirSync(pgdata, { recursive: true });
    writeFileSync(join(pgdata, 'PG_VERSION'), '99\n');
    writeFileSync(join(pgdata, 'mvi-ready'), '');
    // Points written meanwhile fail to flush and say so; that is not what this test is about.
    const captured = captureLogs();
    try {
      await expect(serve(hello, { port: 0, dataDir: dir, accessLog: false, handleSignals: false, env: {} })).rejects.toThrow();
    } finally {
      captured.restore();
    }
    expect(readdirSync(join(dir, 'hello_1.0.0'))).not.toContain('store.lock');
  });

  it('tells its logger when it recovers a data folder that a dead process left locked', async () => {
    const dir = dataDir();
    mkdirSync(join(dir, 'hello_1.0.0'));
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(dir, 'hello_1.0.0', 'store.lock'), `${gone}\n`);
    const lines: string[] = [];
    const logger = createConsola({ reporters: [{ log: (entry) => void lines.push(String(entry.args[0])) }] });
    const running = await serve(hello, { port: 0, dataDir: dir, accessLog: false, handleSignals: false, env: {}, logger });
    await running.close();
    expect(lines).toContain(`Recovering the data folder ${join(dir, 'hello_1.0.0')} from process ${gone}, which is gone`);
  });

  it('runs jobs on the real clock and stops them on close', async () => {
    let runs = 0;
    const service = defineService({ name: 'ticker', version: '1' }).every(0.05, () => void runs++, { name: 'tick' });
    const running = await serve(service, { port: 0, dataDir: dataDir(), accessLog: false, handleSignals: false, env: {} });
    await new Promise((r) => setTimeout(r, 400));
    await running.close();
    const atClose = runs;
    expect(atClose).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(runs).toBe(atClose);
  });

  // The service's process, with its two services' urls once it printed them.
  async function startRecorders(dir: string, ...args: string[]) {
    // consola's info level, which a test runner turns down to warn: the shutdown line is info.
    const env = { ...process.env, CONSOLA_LEVEL: '3' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'spec/runtime/_sigterm-service.ts', dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    child.stderr.pipe(process.stderr);
    let out = '';
    const urls = await new Promise<string[]>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /ready (\S+) (\S+)/.exec(out);
        if (match) resolve([match[1]!, match[2]!]);
      });
      child.once('exit', (code) => reject(new Error(`service exited early with ${code}: ${out}`)));
    });
    return { child, urls, output: () => out };
  }

  // Both recorders of `dir`, reopened, hold 0..n-1.
  async function expectEveryPoint(dir: string, n: number) {
    for (const name of ['flush', 'flush2']) {
      const reopened = await serve(defineService({ name, version: '1.0.0' }), { port: 0, dataDir: dir, accessLog: false, handleSignals: false, env: {} });
      const data = await readJson(await fetch(`${reopened.url}/~monitor?variables=n`));
      expect([...data.n.value].sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      await reopened.close();
    }
  }

  // Records 0..n-1 at each url, every call acknowledged; then SIGTERM, a clean exit, and every point there after a reopen.
  async function recordAndStop(child: ReturnType<typeof spawn>, urls: readonly string[], dir: string) {
    const n = 300;
    for (const url of urls) {
      for (let i = 0; i < n; i += 50) {
        await Promise.all(Array.from({ length: 50 }, (_, j) => post(`${url}/record`, { n: i + j }).then((r) => expect(r.status).toBe(200))));
      }
    }
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expectEveryPoint(dir, n);
  }

  it('flushes every acknowledged point of every service of the process on SIGTERM', async () => {
    const dir = dataDir();
    const { child, urls, output } = await startRecorders(dir);
    await recordAndStop(child, urls, dir);
    expect(output()).toContain('SIGTERM: closing flush 1.0.0 (flushing its monitoring data), flush2 1.0.0 (flushing its monitoring data)');
  }, 60_000);

  it('keeps serving and flushes on SIGTERM when what read its output is gone (its manager killed with kill -9)', async () => {
    const dir = dataDir();
    // A parent that reads the service's output through pipes, as a manager does, then is killed.
    const parent = spawn(process.execPath, ['--input-type=module', '-e', `
      import { spawn } from 'node:child_process';
      const child = spawn(process.execPath, ['--import', 'tsx', 'spec/runtime/_sigterm-service.ts', ${JSON.stringify(dir)}, 'log'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      child.stdout.on('data', (chunk) => { const ready = /ready .*/.exec(String(chunk)); if (ready) console.log(child.pid, ready[0]); });
      setInterval(() => {}, 1e6);`], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, CONSOLA_LEVEL: '3' } });
    const [pid, ...urls] = await new Promise<string[]>((resolve, reject) => {
      let out = '';
      parent.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /(\d+) ready (\S+) (\S+)/.exec(out);
        if (match) resolve([match[1]!, match[2]!, match[3]!]);
      });
      parent.once('exit', (code) => reject(new Error(`the parent exited early with ${code}: ${out}`)));
    });
    const service = Number(pid);
    children.push(service);
    parent.kill('SIGKILL');
    await new Promise((resolve) => parent.once('exit', resolve));
    // Every call writes an access-log line (info: CONSOLA_LEVEL 3, as a manager runs it) into a pipe nobody reads.
    const n = 100;
    for (const url of urls) for (let i = 0; i < n; i++) expect((await post(`${url}/record`, { n: i })).status).toBe(200);
    expect(isProcessAlive(service)).toBe(true);
    process.kill(service, 'SIGTERM');
    while (isProcessAlive(service)) await new Promise((resolve) => setTimeout(resolve, 50));
    await expectEveryPoint(dir, n);
  }, 60_000);
});
