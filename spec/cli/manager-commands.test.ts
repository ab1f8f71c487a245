import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RunningManager, ServiceRecord } from 'mvi/manager';
import { freePort } from '../../lib/manager/process/free-port.ts';
import { ADMIN_PASSWORD, alive, client, login, managerDataDir, managerEnv, repo } from '../manager/_manager-client.ts';
import { payload } from '../manager/notifications/_payload.ts';
import { closeTestManager, serveTestManager } from '../manager/_test-manager.ts';
import { lines, mvi, said, spawnMvi, tempHome, userEnv } from './_mvi.ts';

// One manager for the file, driven by the real command in child processes, each with its own
// home (HOME and XDG_CONFIG_HOME in a temporary folder), as a user at a terminal would. A run
// starts node and tsx (~1 s; several on a loaded machine): the tests that make many get time.
vi.setConfig({ testTimeout: 180_000 });
let manager: RunningManager;
let dataDir: string;
let home: string;
let env: NodeJS.ProcessEnv;
let api: ReturnType<typeof client>;
const pids: number[] = [];

const configFile = () => join(home, '.config', 'mvi', 'config.json');
const config = async () => JSON.parse(await readFile(configFile(), 'utf8')) as { current?: number; hosts: { url: string; user?: string; token?: string }[] };
const run = (args: string[], input?: string, extra: NodeJS.ProcessEnv = {}) => mvi(args, { env: { ...env, ...extra }, input });
const adminToken = async () => (await config()).hosts.find((host) => host.user === 'admin')!.token!;
const services = async () => (await api('GET', '/services/', { token: await adminToken() })).json as ServiceRecord[];

beforeAll(async () => {
  dataDir = await managerDataDir();
  manager = await serveTestManager(dataDir);
  api = client(manager.url);
  home = tempHome();
  env = userEnv(home);
}, 30_000);

afterAll(async () => {
  await closeTestManager(manager, pids, dataDir);
  await rm(home, { recursive: true, force: true });
}, 30_000);

describe('mvi login', () => {
  it('refuses what is not a manager\'s URL, and says when nothing answers there, each in one line', async () => {
    const scheme = await run(['login', 'ftp://127.0.0.1:4000']);
    expect(scheme.code).toBe(1);
    expect(said(scheme.stderr)).toEqual([expect.stringContaining('a manager is reached over http:// or https://, not ftp://')]);
    const garbage = await run(['login', 'http://']);
    expect(scheme.code).toBe(1);
    expect(said(garbage.stderr)).toEqual([expect.stringContaining('"http://" is not a URL')]);
    // A typo'd scheme is not a host named after it (which would only fail to resolve, later).
    for (const typo of ['htp:/127.0.0.1:4000', 'http:/127.0.0.1:4000', 'localhost:port']) {
      const refused = await run(['login', typo]);
      expect(refused.code, typo).toBe(1);
      expect(said(refused.stderr), typo).toEqual([expect.stringContaining(`"${typo}" is not a URL: give the manager's address, such as http://127.0.0.1:4000`)]);
    }
    const port = await freePort();
    const down = await run(['login', `127.0.0.1:${port}`, '-u', 'admin'], `${ADMIN_PASSWORD}\n`);
    expect(down.code).toBe(1);
    expect(said(down.stderr)).toEqual([expect.stringContaining(`Cannot reach the manager at http://127.0.0.1:${port} (connection refused)`)]);
    await expect(stat(configFile())).rejects.toThrow();
  });

  it('says a wrong password in one line and saves nothing', async () => {
    const wrong = await run(['login', manager.url], 'admin\nnot-the-password\n');
    expect(wrong.code).toBe(1);
    expect(said(wrong.stderr)).toEqual([expect.stringContaining('Wrong username or password')]);
    expect(wrong.stderr).not.toMatch(/not-the-password|at .*\.ts:\d+/);
    await expect(stat(configFile())).rejects.toThrow();
  });

  it('logs in with the password it reads, keeps the token where only the user can read it, and never prints it', async () => {
    const done = await run(['login', manager.url, '-u', 'admin'], `${ADMIN_PASSWORD}\n`);
    expect(done.code).toBe(0);
    expect(done.stderr).toContain(`Logged in to ${manager.url} as admin`);
    const saved = await config();
    expect(saved).toEqual({ current: 0, hosts: [{ url: manager.url, user: 'admin', token: expect.any(String) }] });
    expect(`${done.stdout}${done.stderr}`).not.toContain(saved.hosts[0]!.token);
    expect(`${done.stdout}${done.stderr}`).not.toContain(ADMIN_PASSWORD);
    expect((await stat(configFile())).mode & 0o777).toBe(0o600);
    expect((await stat(join(home, '.config', 'mvi'))).mode & 0o777).toBe(0o700);
    expect((await api('GET', '/auth/verify', { token: saved.hosts[0]!.token })).json).toEqual({ user: 'admin', role: 'admin' });
  });

  it('says so in one line before any login when a command needs one', async () => {
    const elsewhere = tempHome();
    try {
      const none = await mvi(['ls'], { env: userEnv(elsewhere) });
      expect(none.code).toBe(1);
      expect(said(none.stderr)).toEqual([expect.stringContaining('Not logged in to a manager: run mvi login <url> first')]);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});

describe('mvi deploy, ls, assign, shadow, logs and kill', () => {
  it('deploys a file on this machine by its path, waits until it is healthy and prints the table', async () => {
    const deployed = await run(['deploy', 'echo', '1.0.0', 'spec/manager/_echo-service.ts']);
    expect(deployed.code).toBe(0);
    expect(deployed.stderr).toContain(`echo 1.0.0 is running on ${manager.url} (main)`);
    const [header, row, ...rest] = lines(deployed.stdout);
    expect(header!.split(/\s{2,}/)).toEqual(['NAME', 'VERSION', 'ROLE', 'STATUS', 'UPTIME', 'RESTARTS', 'PID', 'PORT']);
    expect(row!.split(/\s{2,}/).slice(0, 4)).toEqual(['echo', '1.0.0', 'main', 'running']);
    expect(rest).toEqual([]);
    // Aligned: each column starts where its header does.
    expect(row!.indexOf('main')).toBe(header!.indexOf('ROLE'));
    const [record] = await services();
    pids.push(record!.pid!);
    expect(record).toMatchObject({ name: 'echo', version: '1.0.0', main: true, status: 'running' });
  });

  it('uploads a project folder as an archive, without its node_modules, with the environment given', async () => {
    const project = join(dataDir, 'greeter-project');
    await cp(repo('spec', 'cli', '_greeter'), project, { recursive: true });
    await mkdir(join(project, 'node_modules', 'heavy'), { recursive: true });
    await writeFile(join(project, 'node_modules', 'heavy', 'index.js'), 'module.exports = 1;');
    const deployed = await run(['deploy', 'greeter', '1.0.0', project, '--upload', '-e', 'GREETING=Hej', '--env', 'FROM_SHELL'], undefined, { FROM_SHELL: 'from the shell' });
    expect(deployed.code).toBe(0);
    // The size is in the success line: the `Uploading …` line comes only when the wait is long.
    expect(deployed.stderr).toMatch(/greeter 1\.0\.0 is running on \S+ \(main, uploaded \d+ KB\)/);
    expect(await readdir(join(dataDir, 'sources', 'greeter_1.0.0'))).toEqual(['service.ts']);
    const answer = await api('POST', '/services/greeter/greet', { token: await adminToken(), body: {} });
    expect(answer.json).toEqual({ greeting: 'Hej', from_shell: 'from the shell', version: '1.0.0' });
    pids.push((await services()).find((s) => s.name === 'greeter')!.pid!);
  });

  it('refuses, in one line and before sending anything, a bad name, a bad version, a missing path and a bad number', async () => {
    const cases: [string[], RegExp][] = [
      [['deploy', 'Echo-2', '1.0.0', '.'], /Invalid name "Echo-2": a service name is lowercase letters and digits/],
      [['deploy', 'echo', 'one', '.'], /Invalid version "one": a version is a semantic version/],
      [['deploy', 'echo', '3.0.0', 'nowhere/at-all.ts'], /nowhere\/at-all\.ts: no such file or folder/],
      [['deploy', 'echo', '3.0.0', '.', '--replicas', '0'], /--replicas must be a whole number from 1 to 16, got "0"/],
      [['deploy', 'echo', '3.0.0', '.', '--replicas', '17'], /--replicas must be a whole number from 1 to 16, got "17"/],
      [['deploy', 'echo', '3.0.0'], /Missing required positional argument: PATH: see mvi deploy --help/],
    ];
    for (const [args, message] of cases) {
      const refused = await run(args);
      expect(refused.code, args.join(' ')).toBe(1);
      expect(said(refused.stderr), args.join(' ')).toEqual([expect.stringMatching(message)]);
    }
    expect((await services()).map((s) => s.name)).toEqual(['echo', 'greeter']);
  });

  it('shows the end of npm\'s output when the manager cannot install an uploaded project\'s dependencies, and runs nothing', async () => {
    const project = join(dataDir, 'broken-project');
    await cp(repo('spec', 'cli', '_greeter'), project, { recursive: true });
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'broken', type: 'module', dependencies: { missing: 'file:vendor/missing.tgz' } }));
    const deployed = await run(['deploy', 'broken', '1.0.0', project, '--upload']);
    expect(deployed.code).toBe(1);
    const [first, ...tail] = said(deployed.stderr);
    expect(first).toMatch(/^✖ Installing the dependencies of broken 1\.0\.0 failed: npm install exited with code \d+; the end of its log:$/);
    expect(tail.join('\n')).toContain('broken 1.0.0 is installing its dependencies: npm install --omit=dev --ignore-scripts');
    expect(tail.join('\n')).toContain('missing.tgz');
    expect((await services()).map((s) => s.name)).toEqual(['echo', 'greeter']);
  });

  it('warns that a folder with a package.json but no node_modules runs as it is when deployed by its path', async () => {
    const folder = join(dataDir, 'not-installed');
    await mkdir(folder);
    await writeFile(join(folder, 'package.json'), JSON.stringify({ name: 'not-installed', dependencies: { mvi: '*' } }));
    const deployed = await run(['deploy', 'bare', '1.0.0', folder]);
    expect(deployed.code).toBe(1);
    expect(said(deployed.stderr)).toEqual([
      expect.stringContaining('has a package.json but no node_modules: run npm install there first, or deploy with --upload for the manager to install its dependencies'),
      expect.stringContaining('is a folder without a service file'),
    ]);
  });

  it('lists every version, filters by name and version, and names an unknown service', async () => {
    const all = await run(['ls']);
    expect(all.code).toBe(0);
    expect(lines(all.stdout).slice(1).map((line) => line.split(/\s+/).slice(0, 3))).toEqual([['echo', '1.0.0', 'main'], ['greeter', '1.0.0', 'main']]);
    expect(lines((await run(['ls', 'greeter'])).stdout)).toHaveLength(2);
    const unknown = await run(['ls', 'nope']);
    expect(unknown.code).toBe(1);
    expect(said(unknown.stderr)).toEqual([expect.stringContaining('No service named nope is deployed')]);
    expect(unknown.stdout).toBe('');
    const noVersion = await run(['ls', 'echo', '9.9.9']);
    expect(said(noVersion.stderr)).toEqual([expect.stringContaining('No version 9.9.9 of echo is deployed')]);
  });

  it('deploys a second version as a shadow and reports how it compares with main', async () => {
    const deployed = await run(['deploy', 'echo', '2.0.0', 'spec/manager/_echo-service.ts']);
    expect(deployed.code).toBe(0);
    expect(deployed.stderr).toContain('echo 2.0.0 is running');
    expect(lines(deployed.stdout).slice(1).map((line) => line.split(/\s+/).slice(1, 3))).toEqual([['1.0.0', 'main'], ['2.0.0', 'shadow']]);
    pids.push((await services()).find((s) => s.version === '2.0.0')!.pid!);
    // Before any traffic: both versions, and why there is nothing to compare yet.
    const quiet = await run(['shadow', 'echo']);
    expect(quiet.code).toBe(0);
    expect(lines(quiet.stdout).slice(1).map((line) => line.split(/\s{2,}/))).toEqual([['1.0.0', 'main', '0', '0', '-', '-'], ['2.0.0', 'shadow', '0', '0', '-', '-']]);
    expect(said(quiet.stderr)).toEqual([expect.stringContaining('No request reached echo through the gateway yet')]);
    const alone = await run(['shadow', 'greeter']);
    expect(lines(alone.stdout).slice(1).map((line) => line.split(/\s{2,}/).slice(0, 2))).toEqual([['1.0.0', 'main']]);
    expect(said(alone.stderr)).toEqual([expect.stringContaining('greeter has no shadow version to compare: deploy another version of it')]);
    const token = await adminToken();
    for (const text of ['a', 'b']) await api('POST', '/services/echo/echo', { token, body: { text } });
    // A body laid out on several lines is listed on one.
    await fetch(`${manager.url}/services/echo/echo`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{\n  "text": "c"\n}' });
    // The copies reach the shadow after main answered.
    let report = await run(['shadow', 'echo']);
    for (let i = 0; i < 50 && !/^2\.0\.0\s+3\s+3\s/m.test(report.stdout); i++) {
      await sleep(100);
      report = await run(['shadow', 'echo']);
    }
    expect(report.code).toBe(0);
    const shown = lines(report.stdout);
    expect(shown[0]!.split(/\s{2,}/)).toEqual(['VERSION', 'ROLE', 'REQUESTS', 'ERRORS', 'P50', 'P99']);
    expect(shown[1]).toMatch(/^1\.0\.0\s+main\s+3\s+0\s/);
    expect(shown[3]!.split(/\s{2,}/)).toEqual(['SHADOW', 'COPIES', 'COMPARED', 'AGREED', 'AGREEMENT', 'ERRORS', 'DROPPED', 'P50', 'P99', 'MAIN P50', 'MAIN P99']);
    // Each version names itself in its answer, so the shadow never agrees.
    expect(shown[4]).toMatch(/^2\.0\.0\s+3\s+3\s+0\s+0\.0 %\s+0\s+0\s/);
    expect(report.stdout).toContain('Latest disagreements of 2.0.0 (3 of 3):');
    expect(report.stdout).toMatch(/ POST \/echo \{ "text": "c" \}\n {4}main {4}200 \{"text":"c","version":"1\.0\.0"\}\n/);
    expect(report.stdout).toContain('shadow  200 {"text":"c","version":"2.0.0"}');
    const unknown = await run(['shadow', 'nope']);
    expect(unknown.code).toBe(1);
    expect(said(unknown.stderr)).toEqual([expect.stringContaining('No service named nope')]);
  });

  it('makes another version main, and names a version that does not exist', async () => {
    const assigned = await run(['assign', 'echo', '2.0.0']);
    expect(assigned.code).toBe(0);
    expect(assigned.stderr).toContain('echo 2.0.0 is main');
    expect(lines(assigned.stdout).slice(1).map((line) => line.split(/\s+/).slice(1, 3))).toEqual([['1.0.0', 'shadow'], ['2.0.0', 'main']]);
    expect((await api('POST', '/services/echo/echo', { token: await adminToken(), body: { text: 'x' } })).json).toEqual({ text: 'x', version: '2.0.0' });
    const unknown = await run(['assign', 'echo', '9.9.9']);
    expect(unknown.code).toBe(1);
    expect(said(unknown.stderr)).toEqual([expect.stringContaining('No version 9.9.9 of echo')]);
  });

  it('prints the last lines of a log, of main by default', async () => {
    const tail = await run(['logs', 'echo', '-n', '2']);
    expect(tail.code).toBe(0);
    expect(lines(tail.stdout)).toHaveLength(2);
    expect(tail.stdout).toContain('POST /echo 200');
    const notLines = await run(['logs', 'echo', '-n', 'abc']);
    expect([notLines.code, said(notLines.stderr)]).toEqual([1, ['✖ -n must be a whole number from 0 to 10000000, or all, got "abc"']]);
    const byVersion = await run(['logs', 'echo', '1.0.0', '-n', 'all']);
    expect(byVersion.stdout).toContain('echo 1.0.0');
    const unknown = await run(['logs', 'nope']);
    expect(unknown.code).toBe(1);
    expect(said(unknown.stderr)).toEqual([expect.stringContaining('No service named nope is deployed')]);
  });

  it('follows a log with -f: new lines arrive as they are written, and Ctrl-C ends it', async () => {
    const child = spawnMvi(['logs', 'greeter', '-f', '-n', '0'], { env });
    child.stdin!.end();
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const token = await adminToken();
      for (let i = 0; i < 100 && !output.includes('POST /greet 200'); i++) {
        // Until the follow is on, a line may be written before it: keep calling.
        if (i % 10 === 0) await api('POST', '/services/greeter/greet', { token, body: {} });
        await sleep(100);
      }
      expect(output).toContain('POST /greet 200');
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('asks before killing, kills only on yes, and names what does not exist', async () => {
    const declined = await run(['kill', 'echo', '1.0.0'], 'n\n');
    expect(declined.code).toBe(0);
    expect(lines(declined.stdout)[1]).toMatch(/^echo\s+1\.0\.0\s+shadow\s+running/);
    expect(declined.stderr).toContain('Nothing was killed');
    const unanswered = await run(['kill', 'echo', '1.0.0']);
    expect(unanswered.code).toBe(1);
    expect(said(unanswered.stderr)).toEqual([expect.stringContaining('No answer: standard input is not a terminal and has no more lines (give --yes to go ahead without asking)')]);
    expect((await services()).filter((s) => s.name === 'echo')).toHaveLength(2);
    const ambiguous = await run(['kill', 'echo', '--yes']);
    expect(ambiguous.code).toBe(1);
    expect(said(ambiguous.stderr)).toEqual([expect.stringContaining('echo has 2 versions (1.0.0, 2.0.0): name one, or kill them all with --all')]);
    const killed = await run(['kill', 'echo', '1.0.0'], 'y\n');
    expect(killed.code).toBe(0);
    expect(killed.stderr).toContain('Killed echo 1.0.0');
    expect((await services()).map((s) => `${s.name} ${s.version}`)).toEqual(['echo 2.0.0', 'greeter 1.0.0']);
    const unknown = await run(['kill', 'nope', '--yes']);
    expect(unknown.code).toBe(1);
    expect(said(unknown.stderr)).toEqual([expect.stringContaining('No service named nope is deployed')]);
    const nothing = await run(['kill']);
    expect(nothing.code).toBe(1);
    expect(said(nothing.stderr)).toEqual([expect.stringContaining('Name what to kill')]);
  });
});

describe('mvi token, user, notifications, and switching between logins', () => {
  it('prints an API token alone on stdout when asked for one, and it works', async () => {
    const minted = await run(['token', '7']);
    expect(minted.code).toBe(0);
    const [token, ...rest] = lines(minted.stdout);
    expect(rest).toEqual([]);
    expect(minted.stderr).toMatch(/An API token of admin \(id [0-9a-f-]+\), expiring in 7 days/);
    expect(minted.stderr).not.toContain(token);
    expect((await api('GET', '/services/', { token })).status).toBe(200);
    const listed = (await api('GET', '/auth/token', { token })).json as { subject: string; kind: string; expires_at: string | null }[];
    expect(listed.filter((t) => t.kind === 'api')).toEqual([expect.objectContaining({ subject: 'admin', expires_at: expect.any(String) })]);
    expect((await run(['token', '0'])).stderr).toContain('days must be a number above 0');
    expect((await run(['token', '1'])).stderr).toMatch(/\), expiring in 1 day: send it/);
  });

  it('lists the API tokens with their expiry, revokes one by id so that it answers 401, and names an id that is not there', async () => {
    const minted = await run(['token']);
    expect(minted.code).toBe(0);
    const [token] = lines(minted.stdout);
    const id = /\(id ([0-9a-f-]+)\), never expiring/.exec(minted.stderr)![1]!;
    const listed = await run(['token', 'ls']);
    expect(listed.code).toBe(0);
    const [header, ...rows] = lines(listed.stdout).map((line) => line.split(/\s{2,}/));
    expect(header).toEqual(['ID', 'KIND', 'OWNER', 'CREATED', 'EXPIRES']);
    const time = expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(rows).toContainEqual([id, 'api', 'admin', time, 'never']);
    // The tokens of the first test, which expire.
    expect(rows.filter((row) => row[1] === 'api' && row[4] !== 'never')).toEqual([['api', 'admin', time, time], ['api', 'admin', time, time]].map((row) => [expect.any(String), ...row]));
    // An admin sees the tokens of deployed versions too.
    expect(rows).toContainEqual([expect.any(String), 'service', 'service:greeter_1.0.0', time, 'never']);
    expect((await api('GET', '/services/', { token })).status).toBe(200);

    const revoked = await run(['token', 'revoke', id]);
    expect(revoked.code).toBe(0);
    expect(said(revoked.stderr)).toEqual([expect.stringContaining(`Revoked the token ${id}`)]);
    expect((await api('GET', '/services/', { token })).status).toBe(401);
    expect(lines((await run(['token', 'ls'])).stdout).map((line) => line.split(/\s+/)[0])).not.toContain(id);

    for (const unknown of [id, 'no-such-id']) {
      const refused = await run(['token', 'revoke', unknown]);
      expect(refused.code, unknown).toBe(1);
      expect(said(refused.stderr), unknown).toEqual([`✖ No token with id ${unknown}: mvi token ls lists the ones you may revoke`]);
    }
    const typo = await run(['token', 'list']);
    expect(typo.code).toBe(1);
    expect(said(typo.stderr)).toEqual(['✖ Unknown command "list": see mvi token --help']);
    expect(typo.stdout).toBe('');
  });

  it('adds a user, who logs in as a second saved login; admins manage users, users may not', async () => {
    const added = await run(['user', 'add', 'carol'], 'carol-password-1\n');
    expect(added.code).toBe(0);
    expect(added.stderr).toContain('Added the user carol');
    expect(lines((await run(['user', 'ls'])).stdout).map((line) => line.split(/\s+/).slice(0, 2))).toEqual([['NAME', 'ROLE'], ['admin', 'admin'], ['carol', 'user']]);
    // Names are checked before a password is read or a question asked: stdin is empty here.
    const again = await run(['user', 'add', 'carol']);
    expect(again.code).toBe(1);
    expect(said(again.stderr)).toEqual([expect.stringContaining('There is already a user named carol: mvi user passwd carol changes their password')]);
    const badName = await run(['user', 'add', 'Bob']);
    expect([badName.code, said(badName.stderr)]).toEqual([1, ['✖ Invalid user name: use lowercase letters, digits, ".", "_" and "-", starting with a letter or digit, at most 64 characters, got "Bob"']]);
    for (const args of [['user', 'rm', 'karol'], ['user', 'passwd', 'karol']]) {
      const typo = await run(args);
      expect(typo.code, args.join(' ')).toBe(1);
      expect(said(typo.stderr), args.join(' ')).toEqual([expect.stringContaining('No user named karol (admin, carol)')]);
    }
    const unknown = await run(['user', 'frob']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('✖ Unknown command "frob": see mvi user --help\n');
    // The same manager under another name is another saved login.
    const localhost = manager.url.replace('127.0.0.1', 'localhost');
    expect((await run(['login', localhost, '-u', 'carol'], 'carol-password-1\n')).code).toBe(0);
    const listed = await run(['login']);
    expect(lines(listed.stdout)).toEqual([expect.stringMatching(/#\s+URL\s+USER/), expect.stringMatching(new RegExp(`^\\s+1\\s+${manager.url}\\s+admin$`)), expect.stringMatching(new RegExp(`^\\*\\s+2\\s+${localhost}\\s+carol$`))]);
    const refused = await run(['user', 'ls']);
    expect(refused.code).toBe(1);
    expect(said(refused.stderr)).toHaveLength(1);
    expect(lines((await run(['ls'])).stdout)[1]).toMatch(/^echo\s+2\.0\.0/);
    expect((await run(['login', '3'])).stderr).toContain('There is no login #3: choose 1 to 2');
    expect((await run(['login', '1'])).stderr).toContain(`Using ${manager.url} as admin`);
  });

  it('changes a password, which ends that user\'s logins, and removes a user', async () => {
    const changed = await run(['user', 'passwd', 'carol'], 'carol-password-2\n');
    expect(changed.code).toBe(0);
    expect(changed.stderr).toContain('Changed the password of carol');
    expect((await run(['login', '2'])).code).toBe(0);
    const stale = await run(['ls']);
    expect(stale.code).toBe(1);
    const carols = manager.url.replace('127.0.0.1', 'localhost');
    expect(said(stale.stderr)).toEqual([`✖ The manager at ${carols} no longer takes the saved login (it expired, was revoked, or the password changed): run mvi login ${carols} to log in again`]);
    await run(['login', '1']);
    const removed = await run(['user', 'rm', 'carol', '--yes']);
    expect(removed.code).toBe(0);
    expect(lines((await run(['user', 'ls'])).stdout)).toHaveLength(2);
    // Your own password: changed, and logged in again with it.
    expect((await run(['user', 'passwd'], 'admin-password-2\n')).code).toBe(0);
    expect((await run(['ls'])).code).toBe(0);
    expect((await api('POST', '/auth/login', { body: { username: 'admin', password: 'admin-password-2' } })).status).toBe(200);
  });

  it('lists the notifications services sent, and clears them', async () => {
    const token = await adminToken();
    await api('POST', '/notifications/', { token, body: payload({ msg: 'Temperature above 90', severity: 1 }) });
    await api('POST', '/notifications/', { token, body: payload({ msg: 'Temperature above 90', severity: 1 }) });
    const listed = await run(['notifications']);
    expect(listed.code).toBe(0);
    const [header, row] = lines(listed.stdout);
    expect(header!.split(/\s{2,}/)).toEqual(['SEVERITY', 'COUNT', 'SERVICE', 'VERSION', 'LAST SEEN', 'MESSAGE']);
    expect(row).toMatch(/^WARNING\s+2\s+sensor\s+1\.0\.0\s+\d+s ago\s+Temperature above 90$/);
    expect((await run(['notifications', '--clear'])).stderr).toContain('Notifications cleared');
    expect((await api('GET', '/notifications/', { token })).json).toEqual([]);
    expect((await run(['notifications'])).stderr).toContain('No notifications');
  });

  it('kills everything left with kill --all --yes', async () => {
    const killed = await run(['kill', '--all', '--yes']);
    expect(killed.code).toBe(0);
    expect(killed.stderr).toContain('Killed echo 2.0.0, greeter 1.0.0');
    expect(await services()).toEqual([]);
    expect((await run(['ls'])).stderr).toContain('Nothing is deployed');
  });

  it('logs out: the session ends at the manager, and its token is forgotten', async () => {
    const token = await adminToken();
    const out = await run(['logout']);
    expect(out.code).toBe(0);
    expect(out.stderr).toContain(`Logged out of ${manager.url}; now using ${manager.url.replace('127.0.0.1', 'localhost')}`);
    expect((await config()).hosts.map((host) => host.url)).toEqual([manager.url.replace('127.0.0.1', 'localhost')]);
    expect((await api('GET', '/auth/verify', { token })).status).toBe(401);
  });

  it('says in one line that the manager is down', async () => {
    const port = await freePort();
    await writeFile(configFile(), JSON.stringify({ current: 0, hosts: [{ url: `http://127.0.0.1:${port}`, user: 'admin', token: 'x' }] }));
    const down = await run(['ls']);
    expect(down.code).toBe(1);
    expect(said(down.stderr)).toEqual([expect.stringContaining(`Cannot reach the manager at http://127.0.0.1:${port} (connection refused): is it running`)]);
  });
});

describe('mvi logs -f when the manager goes away', () => {
  it('says in one line that the connection broke when the manager dies in the middle, and exits 1', async () => {
    const ownData = await managerDataDir();
    const ownHome = tempHome();
    const child = spawn(process.execPath, ['--conditions=mvi-source', '--import', 'tsx', repo('spec/manager/_manager-child.ts'), ownData], { env: managerEnv, stdio: ['ignore', 'pipe', 'ignore'] });
    const gone = new Promise((resolve) => child.once('exit', resolve));
    let servicePid: number | undefined;
    try {
      let url = '';
      for await (const line of createInterface({ input: child.stdout! })) {
        if (!line.startsWith('{')) continue;
        ({ url } = JSON.parse(line) as { url: string });
        break;
      }
      const ownEnv = userEnv(ownHome);
      expect((await mvi(['login', url, '-u', 'admin'], { env: ownEnv, input: `${ADMIN_PASSWORD}\n` })).code).toBe(0);
      expect((await mvi(['deploy', 'echo', '1.0.0', 'spec/manager/_echo-service.ts'], { env: ownEnv })).code).toBe(0);
      servicePid = ((await client(url)('GET', '/services/', { token: await login(url) })).json as ServiceRecord[])[0]!.pid;
      const follower = spawnMvi(['logs', 'echo', '-f', '-n', '1'], { env: ownEnv });
      follower.stdin!.end();
      let stdout = '';
      let stderr = '';
      follower.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      follower.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => follower.once('exit', resolve));
      try {
        for (let i = 0; i < 200 && stdout === ''; i++) await sleep(50);
        expect(stdout).not.toBe('');
        child.kill('SIGKILL');
        expect(await exited).toBe(1);
        expect(said(stderr)).toEqual([`✖ The connection to ${url} broke in the middle of the log of echo 1.0.0: the manager stopped, or the network failed`]);
      } finally {
        follower.kill('SIGKILL');
      }
    } finally {
      child.kill('SIGKILL');
      await gone;
      // What the killed manager left running: its service's whole process group.
      if (servicePid !== undefined && alive(servicePid)) process.kill(-servicePid, 'SIGKILL');
      await rm(ownData, { recursive: true, force: true });
      await rm(ownHome, { recursive: true, force: true });
    }
  });
});
