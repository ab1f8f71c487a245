import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveManager, type RunningManager } from 'mvi/manager';
import type { ServiceRecord } from '../../lib/manager/types.ts';
import { openBrowser, type TestBrowser } from '../_browser.ts';
import { ADMIN_PASSWORD, alive, client, login, managerDataDir, managerEnv, repo } from '../manager/_manager-client.ts';

// The docs page as users of a manager meet it: through the gateway, under /services/{name}/, with
// MVI_MANAGER_PUBLIC_KEY set on the service so that nothing but /~health answers without the
// manager's token.
let manager: RunningManager;
let browser: TestBrowser;
let dataDir: string;
const pids = new Set<number>();

beforeAll(async () => {
  dataDir = await managerDataDir();
  [manager, browser] = await Promise.all([serveManager({ port: 0, dataDir, handleSignals: false, env: managerEnv, stopTimeout: 3_000 }), openBrowser()]);
  const admin = await login(manager.url);
  const api = client(manager.url);
  const deployed = await api('POST', '/services/', { token: admin, body: { name: 'docs_demo', version: '1.2.0', source: repo('spec/docs-page/_docs-service.ts') } });
  expect(deployed.status, deployed.text).toBe(201);
  for (const service of (await api('GET', '/services/', { token: admin })).json as ServiceRecord[]) if (service.pid) pids.add(service.pid);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await manager?.close();
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
}, 30_000);

describe('the docs page behind the manager', () => {
  it('shows a browser without a session the login page at a service\'s docs, and the docs once logged in; programs get the JSON 401', async () => {
    const bare = await fetch(`${manager.url}/services/docs_demo/docs`);
    expect([bare.status, bare.headers.get('content-type')]).toStrictEqual([401, 'application/json']);
    const page = await browser.newPage({ width: 1366, height: 800 });
    const shown = await page.goto(`${manager.url}/services/docs_demo/docs`);
    expect(shown!.status()).toBe(401);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('details.op').first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/services/docs_demo/docs');
    expect(page.offsite).toStrictEqual([]);
  });

  it('is closed to the service\'s own port, and works through the gateway for a logged-in user: page, files, document and try it', async () => {
    const [record] = (await client(manager.url)('GET', '/services/', { token: await login(manager.url) })).json as ServiceRecord[];
    const direct = await fetch(`http://127.0.0.1:${record!.port}/docs`);
    expect(direct.status).toBe(401);

    const page = await browser.newPage({ width: 1366, height: 800 });
    // Logged in the way the dashboard logs in: the session cookie, set by the manager's answer.
    const loggedIn = await page.request.post(`${manager.url}/auth/login`, { data: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(loggedIn.status()).toBe(200);
    const seen: string[] = [];
    page.on('response', (response) => seen.push(`${response.status()} ${new URL(response.url()).pathname}`));
    for (const prefix of ['/services/docs_demo', '/services/docs_demo_1.2.0']) {
      await page.goto(`${manager.url}${prefix}/docs`);
      await page.locator('details.op').first().waitFor();
      expect(await page.locator('#base').innerText()).toBe(`base ${prefix}/`);
      const predict = page.locator('#op-predict');
      await predict.locator('textarea').fill('{"sepal_length": 5, "petal_length": 8}');
      await predict.locator('.send').click();
      await predict.locator('.answer-head').waitFor();
      expect(await predict.locator('.answer-head .status').innerText()).toBe('200 OK');
      expect(JSON.parse(await predict.locator('.answer pre.code').innerText())).toStrictEqual({ label: 'virginica', confidence: 0.8 });
      // The page sent the session; pasted into a shell, the request needs a token.
      expect(await predict.locator('pre.curl').innerText()).toContain(`curl -X POST '${manager.url}${prefix}/predict' -H "Authorization: Bearer $MVI_TOKEN"`);
    }
    const files = seen.filter((line) => line.includes('/docs/'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const line of seen) expect(line, line).toMatch(/^200 \/services\/docs_demo(_1\.2\.0)?\//);
    expect(seen).toEqual(expect.arrayContaining(['200 /services/docs_demo/openapi.json', '200 /services/docs_demo/predict', '200 /services/docs_demo_1.2.0/predict']));
    expect(page.offsite).toStrictEqual([]);
    await page.evaluate('scrollTo(0, 0)');
    await browser.screenshot(page, 'docs-page-gateway');
  });
});
