// TEMP (not committed): profile the manager's gateway path.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { request } from 'undici';
import { startServer } from './_process.ts';
import { spawn } from 'node:child_process';
import { wrk } from './_wrk.ts';
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const password = randomBytes(18).toString('base64url');
const mode = process.argv[2] ?? 'manager';
const service = await startServer('mvi');
const body = JSON.stringify({ a: 1, b: 2 });
const path = new URL(service.url).pathname;
const require = createRequire(import.meta.url);
let server: any; let url; let headers: Record<string, string> = {};
if (mode === 'manager') {
  const child = spawn(process.execPath, [...(process.env.PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve('bench/.prof')}`] : []), '--conditions=mvi-source', '--import', 'tsx', 'bench/_gateway-server.ts', 'manager'], { env: { ...process.env, MVI_ADMIN_PASSWORD: password }, stdio: ['ignore', 'pipe', 'inherit'] });
  const u = await new Promise<string>((ok) => { let out = ''; child.stdout!.on('data', (c) => { out += c; const m = /ready (\S+)/.exec(out); if (m) ok(m[1]!); }); child.stdout!.resume(); });
  server = { url: u, cpuMs: () => { const f = require('node:fs').readFileSync(`/proc/${child.pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' '); return (Number(f[11]) + Number(f[12])) * 10; }, stop: () => new Promise<void>((d) => { child.once('exit', () => d()); child.kill('SIGTERM'); }) };
  const login = await request(`${server.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
  const { token } = (await login.body.json()) as { token: string };
  headers = { authorization: `Bearer ${token}` };
  const dep = await request(`${server.url}/services/`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench', version: '1.0.0', command: [process.execPath, '--conditions=mvi-source', '--import', tsx, resolve('bench/_server.ts'), 'mvi'] }) });
  console.log('deploy', dep.statusCode, await dep.body.text());
  url = `${server.url}/services/bench${path}`;
} else {
  server = await startServer(mode, { MAIN_ORIGIN: new URL(service.url).origin, NODE_OPTIONS: process.env.PROF ? `--cpu-prof --cpu-prof-dir=${resolve('bench/.prof')}` : '' }, 'bench/_gateway-server.ts');
  url = `${server.url}${path}`;
}
await wrk(url, body, { seconds: 2, headers });
for (let i = 0; i < Number(process.argv[3] ?? 3); i++) {
  const before = server.cpuMs();
  const r = await wrk(url, body, { seconds: 5, headers });
  console.log(mode, Math.round(r.requests / 5), 'req/s', (((server.cpuMs() - before) * 1000) / r.requests).toFixed(1), 'µs CPU/req', 'p99', r.p99);
}
if (mode === 'manager') await request(`${server.url}/services/`, { method: 'DELETE', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench', all: true }) });
await server.stop(); await service.stop();
