import { connect } from 'node:net';
import { text } from 'node:stream/consumers';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningManager } from 'mvi/manager';
import type { ServiceRecord } from '../../lib/manager/types.ts';
import { alive, client, login, managerDataDir, repo, serviceTokenOf, type Answer } from './_manager-client.ts';
import { closeTestManager, serveTestManager } from './_test-manager.ts';
import { tarGz } from './process/_tar.ts';

// One manager for the file, with real processes: two versions of a service side by side, what
// the gateway makes of them, and what the management API refuses.
let manager: RunningManager;
let dataDir: string;
let api: ReturnType<typeof client>;
let admin: string;
const pids: number[] = [];

beforeAll(async () => {
  dataDir = await managerDataDir();
  manager = await serveTestManager(dataDir);
  api = client(manager.url);
  admin = await login(manager.url);
}, 30_000);

afterAll(() => closeTestManager(manager, pids, dataDir), 30_000);

const record = (answer: Answer) => {
  const service = answer.json as ServiceRecord;
  if (service.pid) pids.push(service.pid);
  return service;
};
const echo = (text: string, name = 'echo') => api('POST', `/services/${name}/echo`, { token: admin, body: { text } });

describe('two versions of a service behind the manager', () => {
  it('deploys the first version as main and the second as a shadow, once each is healthy', async () => {
    const first = await api('POST', '/services/', { token: admin, body: { name: 'echo', version: '1.0.0', source: repo('spec/manager/_echo-service.ts') } });
    expect(first.status).toBe(201);
    expect(record(first)).toMatchObject({ name: 'echo', version: '1.0.0', main: true, status: 'running', restarts: 0, pid: expect.any(Number), port: expect.any(Number), started_at: expect.any(String) });
    const second = await api('POST', '/services/', { token: admin, body: { name: 'echo', version: '2.0.0', source: repo('spec/manager/_echo-service.ts') } });
    expect(second.status).toBe(201);
    expect(record(second)).toMatchObject({ version: '2.0.0', main: false, status: 'running' });
    const list = await api('GET', '/services/', { token: admin });
    expect((list.json as ServiceRecord[]).map(({ version, main, status }) => ({ version, main, status }))).toEqual([
      { version: '1.0.0', main: true, status: 'running' },
      { version: '2.0.0', main: false, status: 'running' },
    ]);
  }, 60_000);

  it('answers /services/{name} from main while the shadow gets a copy, and /services/{name}_{version} from that version only', async () => {
    const answer = await echo('to main');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ text: 'to main', version: '1.0.0' });
    expect((await api('POST', '/services/echo_2.0.0/echo', { token: admin, body: { text: 'direct' } })).json).toEqual({ text: 'direct', version: '2.0.0' });
    // The copy reaches the shadow after main answered: its access line shows in its log.
    let log = '';
    for (let i = 0; i < 50 && (log.match(/POST \/echo 200/g) ?? []).length < 2; i++) {
      await sleep(100);
      log = (await api('GET', '/services/~logs?name=echo&version=2.0.0', { token: admin })).text;
    }
    expect((log.match(/POST \/echo 200/g) ?? []).length).toBe(2);
    const report = await api('GET', '/services/~shadow?name=echo', { token: admin });
    expect(report.status).toBe(200);
    // Each version names itself in its answer: the shadow's copy disagrees with main, and the sample shows both.
    const shadowSide = (report.json as { versions: { version: string; shadow: unknown }[] }).versions.find((v) => v.version === '2.0.0')!.shadow;
    expect(shadowSide).toMatchObject({
      mirrored: 1,
      compared: 1,
      agreed: 0,
      disagreements: [{ path: '/echo', main: { status: 200, body: '{"text":"to main","version":"1.0.0"}' }, shadow: { status: 200, body: '{"text":"to main","version":"2.0.0"}' } }],
    });
  });

  it('answers 404 for a name or version nobody deployed, and never mixes up names that share a prefix', async () => {
    expect((await echo('x', 'ech')).status).toBe(404);
    expect((await echo('x', 'echo_9.9.9')).status).toBe(404);
    expect((await echo('x', 'echoes')).json).toEqual({ detail: 'No service echoes is deployed' });
    expect((await echo('x', 'Not-A-Name')).json).toEqual({ detail: 'No service Not-A-Name is deployed' });
    expect((await api('GET', '/services/~nothing', { token: admin })).status).toBe(404);
  });

  it("answers a browser through its session cookie, and a proxy's request in absolute form", async () => {
    const cookie = await fetch(`${manager.url}/services/echo/echo`, { method: 'POST', headers: { cookie: `theme=dark; mvi_session=${admin}`, 'content-type': 'application/json' }, body: '{"text":"cookie"}' });
    expect([cookie.status, await cookie.json()]).toEqual([200, { text: 'cookie', version: '1.0.0' }]);
    const { port } = new URL(manager.url);
    const socket = connect(Number(port), '127.0.0.1');
    const body = '{"text":"absolute"}';
    socket.write(`POST http://127.0.0.1:${port}/services/echo_2.0.0/echo HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${admin}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    const raw = (await text(socket)).split('\r\n\r\n');
    expect(raw[0]).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(JSON.parse(raw.slice(1).join('\r\n\r\n').replace(/^[0-9a-f]+\r\n|\r\n0\r\n$/g, ''))).toEqual({ text: 'absolute', version: '2.0.0' });
  });

  it('refuses a version that exists (409), bad names and versions (422), and a deploy without anything to run (422)', async () => {
    const again = await api('POST', '/services/', { token: admin, body: { name: 'echo', version: '1.0.0', source: repo('spec/manager/_echo-service.ts') } });
    expect(again.status).toBe(409);
    expect(again.json).toEqual({ detail: 'Version 1.0.0 of echo exists: kill it first, or deploy another version' });
    const bad = await api('POST', '/services/', { token: admin, body: { name: 'My-Echo', version: '1.0', source: 'x' } });
    expect(bad.status).toBe(422);
    expect(bad.json).toEqual({
      detail: [
        { loc: ['body', 'name'], msg: 'Invalid name: a service name is lowercase letters and digits, words joined by single underscores (such as my_model_2)', type: 'regex' },
        { loc: ['body', 'version'], msg: 'Invalid version: a version is a semantic version such as 1.0.0 or 2.1.0-rc.1', type: 'regex' },
      ],
    });
    expect((await api('POST', '/services/', { token: admin, body: { name: 'echo', version: '3.0.0' } })).json).toEqual({ detail: 'Give a source path, an archive or a command to run, or the url of a version that runs elsewhere' });
    const missing = await api('POST', '/services/', { token: admin, body: { name: 'echo', version: '3.0.0', source: '/no/such/folder' } });
    expect(missing.status).toBe(422);
    expect(missing.json).toEqual({ detail: [{ loc: ['body', 'source'], msg: "/no/such/folder: no such file or folder on the manager's machine", type: 'value_error' }] });
    expect((await api('POST', '/services/', { token: admin, body: '{"name": ' })).status).toBe(422);
  });

  it('refuses an archive with an entry that leaves its folder, and multipart fields that are not JSON (422)', async () => {
    const upload = (fields: Record<string, string>, archive: Buffer) => {
      const form = new FormData();
      for (const [key, value] of Object.entries(fields)) form.set(key, value);
      form.set('file', new Blob([archive]), 'project.tar.gz');
      return api('POST', '/services/', { token: admin, form });
    };
    const escaping = await upload({ name: 'sneaky', version: '1.0.0' }, tarGz([{ path: 'service.ts', body: 'x' }, { path: '../../../escaped.ts', body: 'x' }]));
    expect(escaping.status).toBe(422);
    expect(escaping.json).toEqual({ detail: "The archive was refused: ../../../escaped.ts: its path leaves the folder" });
    const linking = await upload({ name: 'sneaky', version: '1.0.0' }, tarGz([{ path: 'service.ts', type: 'symlink', linkpath: '/etc/passwd' }]));
    expect(linking.json).toEqual({ detail: 'The archive was refused: service.ts: a link to /etc/passwd, outside the folder' });
    const badCommand = await upload({ name: 'sneaky', version: '1.0.0', command: 'python3 app.py' }, tarGz([{ path: 'app.py', body: '' }]));
    expect(badCommand.status).toBe(422);
    expect(badCommand.json).toEqual({ detail: [{ loc: ['body', 'command'], msg: 'Invalid JSON in the command field: "python3 app.py"', type: 'json_invalid' }] });
    expect((await api('GET', '/services/', { token: admin })).json).not.toContainEqual(expect.objectContaining({ name: 'sneaky' }));
  });

  it('answers 422 with the end of its log for a version that fails to start, and keeps nothing of it', async () => {
    const failed = await api('POST', '/services/', { token: admin, body: { name: 'broken', version: '1.0.0', source: repo('spec/manager/_failing-service.ts') } });
    expect(failed.status).toBe(422);
    const { detail } = failed.json as { detail: string };
    expect(detail).toMatch(/^broken 1\.0\.0 exited with code 1; the end of its log:\n/);
    expect(detail).toContain('loading the model from ./model.bin');
    expect(detail).toContain('model.bin is missing');
    expect((await api('GET', '/services/', { token: admin })).json).not.toContainEqual(expect.objectContaining({ name: 'broken' }));
    expect((await api('GET', '/services/~logs?name=broken&version=1.0.0', { token: admin })).status).toBe(404);
  }, 30_000);

  it('tails a log by lines, and follows it until the client goes away', async () => {
    const tail = await api('GET', '/services/~logs?name=echo&version=1.0.0&tail=1', { token: admin });
    expect(tail.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(tail.text.trimEnd().split('\n')).toHaveLength(1);
    expect((await api('GET', '/services/~logs?name=echo&version=1.0.0&tail=x', { token: admin })).status).toBe(422);

    const controller = new AbortController();
    const response = await fetch(`${manager.url}/services/~logs?name=echo&version=1.0.0&tail=0&follow=true`, { headers: { authorization: `Bearer ${admin}` }, signal: controller.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    await echo('followed');
    let seen = '';
    while (!seen.includes('POST /echo 200')) seen += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    await expect(reader.read()).rejects.toThrow();
  });

  it('assigns a new main, and refuses to assign an unknown version (404)', async () => {
    const assigned = await api('PUT', '/services/~assign', { token: admin, body: { name: 'echo', version: '2.0.0' } });
    expect(assigned.status).toBe(200);
    expect(assigned.json).toMatchObject({ name: 'echo', version: '2.0.0', main: true });
    expect((await echo('to the new main')).json).toEqual({ text: 'to the new main', version: '2.0.0' });
    expect((await api('PUT', '/services/~assign', { token: admin, body: { name: 'echo', version: '7.0.0' } })).status).toBe(404);
  });

  it("answers 403 to a service's token on deploy, assign, kill, list, logs and shadow report", async () => {
    const service = await serviceTokenOf(((await api('GET', '/services/', { token: admin })).json as ServiceRecord[])[0]!.pid!);
    for (const [method, path] of [['GET', '/services/'], ['POST', '/services/'], ['PUT', '/services/~assign'], ['DELETE', '/services/'], ['GET', '/services/~logs?name=a&version=1.0.0'], ['GET', '/services/~shadow?name=a']] as const) {
      const body = method === 'GET' ? undefined : { name: 'dice', version: '1.0.0', source: repo('playground/dice.ts') };
      expect((await api(method, path, { token: service, body })).status, `${method} ${path}`).toBe(403);
    }
    expect((await api('POST', '/services/nothing/x', { token: service })).status).toBe(404);
    expect((await api('POST', '/services/echo/echo', { token: service, body: { text: 'from a service' } })).status).toBe(200);
  });

  it("refuses to kill main while a shadow runs (403), kills the shadow and ends its process, then kills all", async () => {
    const refused = await api('DELETE', '/services/', { token: admin, body: { name: 'echo', version: '2.0.0' } });
    expect(refused.status).toBe(403);
    // The way out, for the command line and for the API.
    expect(refused.json).toEqual({ detail: 'echo 2.0.0 is the main version while shadows run: assign another main first, or kill all versions (mvi kill echo --all, or {"name": "echo", "all": true})' });
    const services = (await api('GET', '/services/', { token: admin })).json as ServiceRecord[];
    const shadow = services.find((s) => s.version === '1.0.0')!;
    const token = await serviceTokenOf(shadow.pid!);
    expect((await api('POST', '/services/echo_2.0.0/echo', { token, body: { text: 'x' } })).status).toBe(200);
    const killed = await api('DELETE', '/services/', { token: admin, body: { name: 'echo', version: '1.0.0' } });
    expect(killed.status).toBe(200);
    expect(killed.json).toEqual({ killed: ['echo_1.0.0'] });
    expect(alive(shadow.pid!)).toBe(false);
    expect((await api('POST', '/services/echo_2.0.0/echo', { token, body: { text: 'x' } })).status, 'the killed version\'s token').toBe(401);
    expect((await api('POST', '/services/echo_1.0.0/echo', { token: admin, body: { text: 'x' } })).status).toBe(404);
    expect((await echo('still here')).json).toEqual({ text: 'still here', version: '2.0.0' });
    expect((await api('DELETE', '/services/', { token: admin, body: { name: 'echo' } })).status).toBe(422);
    expect((await api('DELETE', '/services/?name=echo&all=true', { token: admin })).json).toEqual({ killed: ['echo_2.0.0'] });
    expect((await api('GET', '/services/', { token: admin })).json).toEqual([]);
    expect((await api('DELETE', '/services/', { token: admin, body: { name: 'echo', all: true } })).status).toBe(404);
  }, 30_000);
});

describe('auth on the management API', () => {
  it('answers 401 without a token on every route but health and version', async () => {
    for (const [method, path] of [['GET', '/services/'], ['POST', '/services/'], ['PUT', '/services/~assign'], ['DELETE', '/services/'], ['GET', '/services/~logs?name=a&version=1.0.0'], ['GET', '/services/~shadow?name=a'], ['POST', '/services/a/x'], ['GET', '/services/a_1.0.0/']] as const) {
      expect((await api(method, path)).status, `${method} ${path}`).toBe(401);
    }
    expect((await api('GET', '/~health')).json).toEqual({ status: 'ok' });
    expect((await api('GET', '/~version')).json).toMatch(/^\d+\.\d+\.\d+/);
  });

});
