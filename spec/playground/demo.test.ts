import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { NotificationEntry, ServiceRecord, ShadowReport } from 'mvi/manager';
import { alive, client, repo } from '../manager/_manager-client.ts';

const dataDir = await mkdtemp(join(tmpdir(), 'mvi-demo-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('npm start', () => {
  it('starts the manager with the playground deployed and busy, says where to log in, and stops it all on Ctrl-C', async () => {
    // What `npm start` runs, without npm in between, so that the signal reaches it as Ctrl-C would.
    const child = spawn(process.execPath, ['--conditions=mvi-source', '--import', 'tsx', repo('playground', 'demo.ts')], {
      cwd: repo(),
      env: { ...process.env, PORT: '0', MVI_DATA_DIR: dataDir, MVI_ADMIN_PASSWORD: 'demo-spec-password', CONSOLA_LEVEL: '3' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let pids: number[] = [];
    try {
      for (let i = 0; i < 1800 && !output.includes('Ctrl-C stops') && child.exitCode === null; i++) await sleep(100);
      const url = /Dashboard: (http:\/\/\S+)\//.exec(output)?.[1];
      expect(url, output).toBeDefined();
      expect(output).toContain('Log in as admin, password demo-spec-password');
      expect(output).toContain(`npm run mvi -- login ${url}`);
      const api = client(url!);
      const { token } = (await api('POST', '/auth/login', { body: { username: 'admin', password: 'demo-spec-password' } })).json as { token: string };
      const services = (await api('GET', '/services/', { token })).json as ServiceRecord[];
      pids = services.map((s) => s.pid!);
      expect(services.map(({ name, version, main, status }) => `${name} ${version} ${main ? 'main' : 'shadow'} ${status}`).sort()).toEqual([
        'dice 1.0.0 main running', 'heater 1.0.0 main running', 'iris 1.0.0 main running', 'iris 2.0.0 shadow running', 'sensor_gate 1.0.0 main running', 'yatzy 1.0.0 main running',
      ]);
      // The shadow disagrees on the flowers near a border, and yatzy's calls reached dice.
      const report = (await api('GET', '/services/~shadow?name=iris', { token })).json as ShadowReport;
      const shadow = report.versions.find((v) => v.version === '2.0.0')!.shadow;
      expect(shadow.compared).toBeGreaterThan(0);
      expect(shadow.agreed).toBeLessThan(shadow.compared);
      expect(shadow.disagreements[0]!.shadow.body).toContain('"label":"uncertain"');
      expect((await api('GET', '/services/~shadow?name=dice', { token })).json).toMatchObject({ versions: [{ version: '1.0.0', requests: expect.any(Number) }] });
      expect(((await api('GET', '/services/~shadow?name=dice', { token })).json as ShadowReport).versions[0]!.requests).toBeGreaterThanOrEqual(200);
      // The gate notified a suspicious reading; the heater's job notifies within seconds.
      let notifications: NotificationEntry[] = [];
      for (let i = 0; i < 300 && !notifications.some((n) => n.service_name === 'heater'); i++) {
        notifications = (await api('GET', '/notifications/', { token })).json as NotificationEntry[];
        await sleep(100);
      }
      expect(notifications).toEqual(expect.arrayContaining([
        expect.objectContaining({ service_name: 'sensor_gate', msg: expect.stringMatching(/^Suspicious reading/) }),
        expect.objectContaining({ service_name: 'heater', msg: 'The room is warmer than the alarm at 26 °C' }),
      ]));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(output).toContain('Stopped');
      expect(pids.filter(alive)).toEqual([]);
    } finally {
      child.kill('SIGKILL');
      for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 240_000);
});
