import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveManager, type RunningManager } from 'mvi/manager';
import { managerDataDir, managerEnv } from '../_manager-client.ts';

// The dashboard's routes on a manager with --no-auth (the browser tests run one with auth on).
let manager: RunningManager;
let dataDir: string;

beforeAll(async () => {
  dataDir = await managerDataDir();
  manager = await serveManager({ port: 0, dataDir, auth: false, handleSignals: false, env: managerEnv });
}, 30_000);

afterAll(async () => {
  await manager?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the dashboard without auth', () => {
  it('is the page at / at once, with no login', async () => {
    const answer = await fetch(`${manager.url}/`);
    const html = await answer.text();
    expect([answer.status, answer.headers.get('content-type')]).toStrictEqual([200, 'text/html; charset=utf-8']);
    expect(html).toContain('<div id="app">');
    expect(html).not.toContain('Log in to the manager');
  });

  it('serves each asset the page names, as it was built, to clients that take no gzip too', async () => {
    const html = await (await fetch(`${manager.url}/`)).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/~dashboard\/assets\/[^"]+)"/g)].map((match) => match[1]!);
    expect(assets.map((path) => path.replace(/-[\w-]+\./, '.'))).toStrictEqual(expect.arrayContaining(['/~dashboard/assets/index.js', '/~dashboard/assets/shared.css', '/~dashboard/assets/favicon.svg']));
    for (const path of assets) {
      const answer = await fetch(`${manager.url}${path}`, { headers: { 'accept-encoding': 'identity' } });
      expect([path, answer.status, answer.headers.get('content-encoding')]).toStrictEqual([path, 200, null]);
      expect(answer.headers.get('content-type')).toMatch(path.endsWith('.js') ? /^text\/javascript/ : path.endsWith('.css') ? /^text\/css/ : /^image\/svg\+xml$/);
    }
  });

  it('answers only GET and HEAD there', async () => {
    expect((await fetch(`${manager.url}/`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${manager.url}/`, { method: 'POST' })).status).toBe(404);
  });
});
