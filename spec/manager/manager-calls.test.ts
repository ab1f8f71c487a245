import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { c as createTar } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../lib/manager/process/free-port.ts';
import type { RunningManager } from 'mvi/manager';
import type { ServiceRecord } from '../../lib/manager/types.ts';
import { alive, client, login, managerDataDir, repo } from './_manager-client.ts';
import { closeTestManager, serveTestManager } from './_test-manager.ts';

// One manager for the file: services calling each other through it, a Python service of the
// seed's kind, uploaded archives, a crash, and a restart of the manager itself.
let manager: RunningManager;
let dataDir: string;
let scratch: string;
let api: ReturnType<typeof client>;
let admin: string;
const pids = new Set<number>();
const start = () => serveTestManager(dataDir);

beforeAll(async () => {
  dataDir = await managerDataDir();
  scratch = await mkdtemp(join(tmpdir(), 'mvi-archives-'));
  manager = await start();
  api = client(manager.url);
  admin = await login(manager.url);
}, 30_000);

afterAll(async () => {
  await closeTestManager(manager, pids, dataDir);
  await rm(scratch, { recursive: true, force: true });
}, 30_000);

const services = async () => {
  const list = (await api('GET', '/services/', { token: admin })).json as ServiceRecord[];
  for (const service of list) if (service.pid) pids.add(service.pid);
  return list;
};

async function until(condition: () => Promise<boolean>, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(100);
  }
}

// A .tar.gz of `files` ({ name in the archive: file to copy }), under a top folder when given.
async function archive(files: Record<string, string>, top?: string): Promise<Blob> {
  const folder = await mkdtemp(join(scratch, 'project-'));
  const inner = top ? join(folder, top) : folder;
  await mkdir(inner, { recursive: true });
  for (const [name, from] of Object.entries(files)) await copyFile(from, join(inner, name));
  const chunks: Buffer[] = [];
  for await (const chunk of createTar({ gzip: true, cwd: folder }, top ? [top] : Object.keys(files))) chunks.push(chunk as Buffer);
  return new Blob([Buffer.concat(chunks)], { type: 'application/gzip' });
}

function form(fields: Record<string, string>, file: Blob): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  data.set('file', file, 'project.tar.gz');
  return data;
}

describe('services behind the manager', () => {
  let pythonPort: number;

  it('deploys mvi services from paths and archives, and a Python service from an archive with a command', async () => {
    expect((await api('POST', '/services/', { token: admin, body: { name: 'dice', version: '1.0.0', source: repo('playground/dice.ts') } })).status).toBe(201);
    pythonPort = await freePort();
    const answers = await Promise.all([
      api('POST', '/services/', { token: admin, body: { name: 'dice', version: '2.0.0', source: repo('playground/dice.ts') } }),
      api('POST', '/services/', { token: admin, body: { name: 'yatzy', version: '1.0.0', source: repo('playground/yatzy.ts') } }),
      api('POST', '/services/', { token: admin, form: form({ name: 'packed', version: '1.0.0' }, await archive({ 'service.ts': repo('spec/manager/_packed-service.ts') }, 'project')) }),
      // The seed's Python service.run() listens where it likes: `port` tells the manager where.
      api('POST', '/services/', {
        token: admin,
        form: form({ name: 'pyhello', version: '1.0.0', command: JSON.stringify(['python3', 'app.py']), port: String(pythonPort), env: JSON.stringify({ LISTEN_PORT: String(pythonPort) }) }, await archive({ 'app.py': repo('spec/manager/_python-service.py') })),
      }),
    ]);
    expect(answers.map((a) => [a.status, (a.json as ServiceRecord).name])).toEqual([[201, 'dice'], [201, 'yatzy'], [201, 'packed'], [201, 'pyhello']]);
    expect(answers[3]!.json).toMatchObject({ port: pythonPort, status: 'running' });
    expect((await services()).map((s) => `${s.name} ${s.version} ${s.main ? 'main' : 'shadow'}`).sort()).toEqual(['dice 1.0.0 main', 'dice 2.0.0 shadow', 'packed 1.0.0 main', 'pyhello 1.0.0 main', 'yatzy 1.0.0 main']);
  }, 60_000);

  it('lets a service call another through the manager with its own token', async () => {
    const played = await api('POST', '/services/yatzy/play', { token: admin, body: {} });
    expect(played.status).toBe(200);
    const { hand, score } = played.json as { hand: number[]; score: number };
    expect(hand).toHaveLength(5);
    expect(score).toBe(hand.every((d) => d === hand[0]) ? 50 : hand.reduce((a, b) => a + b, 0));
    // Its own token, no other: once it is revoked, yatzy's calls to dice fail.
    const tokens = (await api('GET', '/auth/token', { token: admin })).json as { id: string; subject: string }[];
    const own = tokens.find((t) => t.subject === 'service:yatzy_1.0.0')!;
    expect((await api('DELETE', `/auth/token?id=${own.id}`, { token: admin })).status).toBe(200);
    const refused = await api('POST', '/services/yatzy/play', { token: admin, body: {} });
    expect(refused.status).toBe(502);
    expect(refused.json).toMatchObject({ detail: 'A call to another service failed' });
  });

  it('runs an uploaded project archive', async () => {
    const greeted = await api('POST', '/services/packed/greet', { token: admin, body: { name: 'Ada' } });
    expect(greeted.json).toBe('Hello Ada from the archive of packed 1.0.0');
  });

  it('runs a Python service of the seed kind unchanged: answers through the gateway, calls an mvi service, notifies', async () => {
    expect((await api('POST', '/services/pyhello/hello', { token: admin, body: { name: 'Bob' } })).json).toBe('Hello Bob from pyhello 1.0.0 in Python');
    const rolled = (await api('POST', '/services/pyhello_1.0.0/roll', { token: admin, body: { sides: 20 } })).json as { rolled: number };
    expect(rolled.rolled).toBeGreaterThanOrEqual(1);
    expect(rolled.rolled).toBeLessThanOrEqual(20);
    expect((await api('POST', '/services/pyhello/alarm', { token: admin, body: { msg: 'too hot' } })).json).toBe('notified');
    expect((await api('GET', '/notifications/', { token: admin })).json).toContainEqual(expect.objectContaining({ service_name: 'pyhello', service_version: '1.0.0', msg: 'too hot', severity: 2, counter: 1 }));
  });

  it('restarts a service that crashed', async () => {
    const before = (await services()).find((s) => s.name === 'packed')!;
    process.kill(before.pid!, 'SIGKILL');
    await until(async () => (await services()).some((s) => s.name === 'packed' && s.status === 'running' && s.restarts === 1));
    const after = (await services()).find((s) => s.name === 'packed')!;
    expect(after.pid).not.toBe(before.pid);
    expect((await api('POST', '/services/packed/greet', { token: admin, body: { name: 'again' } })).status).toBe(200);
    expect((await api('GET', '/services/~logs?name=packed&version=1.0.0', { token: admin })).text).toMatch(/packed 1\.0\.0 was killed by SIGKILL; restarting in 1 s/);
  }, 30_000);

  it('brings its services back, main flags kept, when it starts again on the same folder', async () => {
    expect((await api('PUT', '/services/~assign', { token: admin, body: { name: 'dice', version: '2.0.0' } })).status).toBe(200);
    const before = await services();
    await manager.close();
    for (const service of before) expect(alive(service.pid!), `${service.name} ${service.version} stopped with the manager`).toBe(false);

    manager = await start();
    api = client(manager.url);
    admin = await login(manager.url);
    await until(async () => (await services()).every((s) => s.status === 'running'), 30_000);
    const after = await services();
    expect(after.map((s) => `${s.name} ${s.version} ${s.main ? 'main' : 'shadow'}`).sort()).toEqual(['dice 1.0.0 shadow', 'dice 2.0.0 main', 'packed 1.0.0 main', 'pyhello 1.0.0 main', 'yatzy 1.0.0 main']);
    expect(after.find((s) => s.name === 'pyhello')!.port).toBe(pythonPort);
    // New tokens: the services call each other with ones this manager issued.
    expect((await api('POST', '/services/yatzy/play', { token: admin, body: {} })).status).toBe(200);
    expect((await api('POST', '/services/pyhello/roll', { token: admin, body: {} })).status).toBe(200);
  }, 60_000);
});
