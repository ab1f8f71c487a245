import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, type TestBrowser } from '../_browser.ts';
import { serviceTokenOf } from '../manager/_manager-client.ts';
import { FLOWERS, startDashboardManager, type DashboardManager } from './_dashboard-manager.ts';

// One manager with iris (main and a disagreeing shadow) and sensors, one browser, one page that
// logs in once and is then driven through every page of the dashboard, as a person would.
let manager: DashboardManager;
let browser: TestBrowser;
let page: Page & { readonly offsite: string[] };
const problems: string[] = [];

beforeAll(async () => {
  [manager, browser] = await Promise.all([startDashboardManager(), openBrowser()]);
  page = await browser.newPage();
  // A CSP violation, a missing asset or a script error shows in the console: each is a bug of
  // the page. The wrong password's 401 and the invalid parameter's 422 are what the tests ask for.
  page.on('console', (message) => {
    const expected = /^Failed to load resource: the server responded with a status of (401|422)\b/.test(message.text());
    if ((message.type() === 'error' || message.type() === 'warning') && !expected) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await manager?.close();
}, 30_000);

// What a person waits for on a loaded machine: polls answer every 2–5 s, services take their time.
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });
const rowTexts = (selector: string) => page.locator(selector).evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent?.trim())));
const fitsWidth = (narrow: Page) => narrow.locator('html').evaluate((html) => html.scrollWidth <= html.clientWidth);

/** Another page of the same session, its script errors reported with the main page's (its failed reads are what its tests ask for). */
async function anotherPage(options?: { readonly width?: number; readonly height?: number }) {
  const other = await browser.newPage(options);
  other.on('pageerror', (error) => problems.push(String(error)));
  await other.context().addCookies(await page.context().cookies());
  return other;
}

// A Python http.server as a command runs it: every path it has no file for, /~monitor too, is a 404.
const HTTP_SERVER = ['python3', '-c', 'import http.server, os; http.server.HTTPServer((os.environ["HOST"], int(os.environ["PORT"])), http.server.SimpleHTTPRequestHandler).serve_forever()'];
// A server that runs once: started again after a crash, it exits at once, so the version stays down.
const RUNS_ONCE = [process.execPath, '-e', `
const { existsSync, mkdirSync, writeFileSync } = require('node:fs');
const mark = require('node:path').join(process.env.MVI_DATA_DIR, 'started');
if (existsSync(mark)) process.exit(1);
mkdirSync(process.env.MVI_DATA_DIR, { recursive: true });
writeFileSync(mark, '');
require('node:http').createServer((request, response) => response.end('ok')).listen(Number(process.env.PORT), process.env.HOST);
`];

describe('the page at /', () => {
  it('is the login page without a session, served with a policy that keeps every request on the manager', async () => {
    const answer = await fetch(`${manager.url}/`, { headers: { accept: 'application/json' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(answer.headers.get('content-security-policy')).toMatch(/^default-src 'self';/);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(await answer.text()).toContain('Log in to the manager');
  });

  it('is the login page for a service\'s token too: the dashboard is for people', async () => {
    const [iris] = (await manager.services()).filter((record) => record.name === 'iris' && record.main);
    const token = await serviceTokenOf(iris!.pid!);
    const answer = await fetch(`${manager.url}/`, { headers: { authorization: `Bearer ${token}` } });
    expect(await answer.text()).toContain('Log in to the manager');
    const admin = await fetch(`${manager.url}/`, { headers: { authorization: `Bearer ${manager.token}` } });
    expect(await admin.text()).toContain('<div id="app">');
  });

  it('serves the assets compressed and cached for good, and nothing but the built assets', async () => {
    const html = await (await fetch(`${manager.url}/`, { headers: { authorization: `Bearer ${manager.token}` } })).text();
    const script = /src="(\/~dashboard\/assets\/index-[^"]+\.js)"/.exec(html)![1]!;
    const packed = await fetch(`${manager.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect([packed.status, packed.headers.get('content-encoding'), packed.headers.get('cache-control')]).toStrictEqual([200, 'gzip', 'public, max-age=31536000, immutable']);
    expect(packed.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await packed.text()).length).toBeGreaterThan(10_000);
    for (const path of ['/~dashboard/assets/nope.js', '/~dashboard/index.html', '/~dashboard/.built', '/~dashboard/assets/../index.html']) {
      const missing = await fetch(`${manager.url}${path}`);
      expect([path, missing.status]).toStrictEqual([path, 404]);
    }
  });
});

describe('the dashboard in a browser', () => {
  it('logs in, saying so when the password is wrong', async () => {
    await page.goto(`${manager.url}/`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await poll(() => page.getByRole('alert').textContent()).toBe('Wrong username or password');
    await browser.screenshot(page, 'login');
    await page.getByLabel('Password').fill('spec-admin-password-1');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('table', { name: 'Services' }).waitFor();
    expect((await page.context().cookies()).map((cookie) => [cookie.name, cookie.httpOnly])).toStrictEqual([['mvi_session', true]]);
  });

  it('lists every version with its role, status, uptime and restarts, and links to its pages', async () => {
    await poll(() => rowTexts('table[aria-label=Services] tbody tr')).toStrictEqual([
      ['iris', '1.0.0', 'main', 'running', expect.stringMatching(/^\d+ (s|min)/), '0', 'MonitorLogsAPI docs ↗'],
      ['iris', '2.0.0', 'shadow', 'running', expect.stringMatching(/^\d+ (s|min)/), '0', 'MonitorLogsAPI docs ↗'],
      ['sensors', '1.0.0', 'main', 'running', expect.stringMatching(/^\d+ (s|min)/), '0', 'MonitorLogsAPI docs ↗'],
    ]);
    const links = page.locator('tr[data-service=iris_2\\.0\\.0] a');
    expect(await links.evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')))).toStrictEqual([
      '#/service/iris/2.0.0', '#/service/iris/2.0.0', '#/logs/iris/2.0.0', '/services/iris_2.0.0/docs',
    ]);
    const docs = await page.request.get(`${manager.url}/services/iris_2.0.0/docs`);
    expect(docs.status()).toBe(200);
    await browser.screenshot(page, 'overview');
  });

  it('shows the notifications with their counters as they come, and clears them', async () => {
    const notes = page.locator('.note');
    await poll(() => notes.allTextContents()).toStrictEqual([expect.stringMatching(/^warningSuspicious reading 180 from boiler×2sensors 1\.0\.0 · first seen .+ · last seen .+\(.+\)$/)]);
    await page.getByRole('button', { name: 'Clear all' }).click();
    await poll(() => page.getByRole('region', { name: /^Notifications/ }).textContent()).toContain('No notifications');
    expect((await manager.api('GET', '/notifications/', { token: manager.token })).json).toStrictEqual([]);
    // A new one shows without reloading the page: the dashboard keeps itself up to date.
    await manager.api('POST', '/services/sensors/ingest', { token: manager.token, body: { sensor: 'kiln', value: 999 } });
    await poll(() => notes.allTextContents()).toStrictEqual([expect.stringMatching(/^warningSuspicious reading 999 from kiln×1/)]);
    await browser.screenshot(page, 'notifications');
  });

  it('counts the notifications on the link to them, which leads to their panel from any page', async () => {
    expect(await page.locator('.topbar nav a').allTextContents()).toStrictEqual(['Services', 'Notifications1']);
    const short = await anotherPage({ height: 400 });
    try {
      await short.goto(`${manager.url}/#/service/iris/1.0.0`);
      await short.locator('figure.chart').first().waitFor();
      await short.getByRole('link', { name: /^Notifications/ }).click();
      await short.getByRole('region', { name: /^Notifications/ }).waitFor();
      // Scrolled down to the panel: its head shows, below the sticky bar rather than under it.
      const seen = await short.locator('#notifications-title').evaluate((head) => {
        const { top, bottom } = head.getBoundingClientRect();
        const { scrollTop, clientHeight } = head.ownerDocument.documentElement;
        return scrollTop > 0 && top >= 52 && bottom <= clientHeight;
      });
      expect([short.url().endsWith('/#notifications'), seen]).toStrictEqual([true, true]);
      await browser.screenshot(short, 'notifications-link');
    } finally {
      await short.close();
    }
  });

  it('plots a version\'s monitored numbers and lists its latest text values', async () => {
    await page.locator('tr[data-service=iris_1\\.0\\.0]').getByRole('link', { name: 'Monitor' }).click();
    await poll(() => page.locator('figure.chart').evaluateAll((charts) => charts.map((c) => [c.getAttribute('data-variable'), c.getAttribute('data-points')]))).toStrictEqual([
      ['confidence', String(FLOWERS.length)],
      ['threshold', '1'],
    ]);
    // uPlot drew the points on its canvas: some pixels of the plot are no longer blank.
    const drawn = await page.locator('figure[data-variable=confidence] canvas').evaluate((canvas) => {
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      return data.some((alpha: number, i: number) => i % 4 === 3 && alpha > 0);
    });
    expect(drawn).toBe(true);
    expect(await page.locator('figure[data-variable=threshold] .chart-value').textContent()).toBe('0.6');
    const label = page.locator('table[aria-label="Latest text values"] tr[data-variable=label]');
    expect(await label.locator('td').allTextContents()).toStrictEqual(['label', expect.stringMatching(/^uncertain/), expect.stringMatching(/ago|just now/), String(FLOWERS.length)]);
    // The latest value first, the four before it a click away, newest first.
    expect(await label.locator('summary').textContent()).toBe('uncertain');
    await label.locator('summary').click();
    expect(await label.locator('li').allTextContents()).toStrictEqual([/versicolor/, /versicolor/, /virginica/, /uncertain/].map((text) => expect.stringMatching(text)));
    await browser.screenshot(page, 'service');
  });

  it('reads another range from the buttons, and says when nothing was monitored in it', async () => {
    await page.getByRole('button', { name: 'Custom' }).click();
    await page.getByLabel('From', { exact: true }).fill('2020-01-01T00:00');
    await page.getByLabel('To', { exact: true }).fill('2020-01-02T00:00');
    await page.getByRole('button', { name: 'Apply' }).click();
    await poll(() => page.getByRole('region', { name: 'Monitoring' }).textContent()).toContain('Nothing was monitored in this range');
    expect(page.url()).toMatch(/#\/service\/iris\/1\.0\.0\?from=2020-01-01T\d\d%3A00%3A00\.000Z&to=2020-01-02T\d\d%3A00%3A59\.999Z$/);
    await page.getByRole('button', { name: '15 min' }).click();
    await poll(() => page.locator('figure.chart').count()).toBe(2);
    expect(page.url()).toMatch(/#\/service\/iris\/1\.0\.0\?range=15m$/);
  });

  it('sets an exposed parameter, shows the schema\'s error for a bad value, and the service uses the new one', async () => {
    const row = page.locator('li[data-parameter=threshold]');
    const field = row.getByLabel('threshold');
    await poll(() => field.inputValue()).toBe('0.6');
    await field.fill('1.5');
    await row.getByRole('button', { name: 'Set' }).click();
    await poll(() => row.getByRole('alert').textContent()).toBe('Invalid value: Expected <=1 but received 1.5');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await browser.screenshot(page, 'parameter-error');
    expect((await manager.api('GET', '/services/iris_1.0.0/~parameters/threshold', { token: manager.token })).json).toBe(0.6);

    await field.fill('0.99');
    await row.getByRole('button', { name: 'Set' }).click();
    await poll(() => row.getByRole('status').textContent()).toBe('Set to 0.99');
    expect((await manager.api('GET', '/services/iris_1.0.0/~parameters/threshold', { token: manager.token })).json).toBe(0.99);
    // The first flower is setosa with 0.98 confidence: below the new threshold, it is uncertain.
    const answer = await manager.api('POST', '/services/iris_1.0.0/predict', { token: manager.token, body: FLOWERS[0] });
    expect(answer.json).toMatchObject({ label: 'uncertain' });
    // The monitored parameter's new value reaches its chart on the next read.
    await poll(() => page.locator('figure[data-variable=threshold] .chart-value').textContent()).toBe('0.99');
  });

  it('reads the shadow report: agreement, errors, latency and the disagreements side by side', async () => {
    const shadow = await rowTexts('table[aria-label="Versions compared"] tr[data-version="2.0.0"]');
    // The shadow got no calls of its own, only copies: the dashboard's reads of its routes are no traffic.
    expect(shadow).toStrictEqual([[
      '2.0.0', 'shadow', '0', '0', '— / —', String(FLOWERS.length),
      `75.0 % (9/${FLOWERS.length})`, '0', expect.stringMatching(/^[\d.]+ m?s \/ [\d.]+ m?smain [\d.]+ m?s \/ [\d.]+ m?s$/),
    ]]);
    const samples = page.locator('[data-disagreements="2.0.0"] article.diff');
    expect(await samples.count()).toBe(3);
    // The line that differs is marked in both answers; what they share is not.
    expect(await samples.first().locator('mark').allTextContents()).toStrictEqual([expect.stringMatching(/^ {2}"label": "(versicolor|virginica)",\n$/), '  "label": "uncertain",\n']);
    expect(await samples.first().locator('h3').allTextContents()).toStrictEqual(['Request', 'Main answered 200', 'Shadow answered 200']);
    await page.locator('#shadow-title').scrollIntoViewIfNeeded();
    await browser.screenshot(page, 'shadow');
  });

  it('follows a version\'s log as it is written, searches it, and offers all of it for download', async () => {
    await page.getByRole('link', { name: 'Logs' }).first().click();
    const lines = page.locator('.log-line');
    await poll(() => lines.count()).toBeGreaterThan(FLOWERS.length);
    expect(await page.getByRole('button', { name: '● Following' }).getAttribute('aria-pressed')).toBe('true');
    // A request made now shows up while the page follows.
    const reads = async () => (await lines.allTextContents()).filter((text) => text.includes('GET /~parameters/threshold 200')).length;
    const before = await reads();
    await manager.api('GET', '/services/iris_1.0.0/~parameters/threshold', { token: manager.token });
    await poll(reads).toBe(before + 1);
    await page.getByLabel('Search the log').fill('THRESHOLD');
    await poll(() => lines.allTextContents()).toStrictEqual(expect.arrayContaining([expect.stringMatching(/GET \/~parameters\/threshold 200/)]));
    expect((await lines.allTextContents()).every((text) => /threshold/i.test(text))).toBe(true);
    expect(await page.locator('.log mark').first().textContent()).toBe('threshold');
    expect(await page.getByRole('status').textContent()).toMatch(/^\d+ of \d+ lines$/);
    await browser.screenshot(page, 'logs');
    const download = page.getByRole('link', { name: 'Download' });
    expect([await download.getAttribute('href'), await download.getAttribute('download')]).toStrictEqual(['/services/~logs?name=iris&version=1.0.0&tail=all', 'iris_1.0.0.log']);
    const all = await page.request.get(`${manager.url}${await download.getAttribute('href')}`);
    expect(await all.text()).toMatch(/iris 1\.0\.0 started \(pid \d+, port \d+\)[\s\S]*GET \/~parameters\/threshold 200/);
  });

  it('fits a narrow screen without scrolling sideways', async () => {
    const narrow = await browser.newPage({ width: 420, height: 800 });
    try {
      await narrow.context().addCookies(await page.context().cookies());
      await narrow.goto(`${manager.url}/`);
      await narrow.getByRole('table', { name: 'Services' }).waitFor();
      expect(await fitsWidth(narrow)).toBe(true);
      await browser.screenshot(narrow, 'overview-narrow');
      await narrow.goto(`${manager.url}/#/service/iris/2.0.0`);
      await narrow.locator('figure.chart').first().waitFor();
      await narrow.locator('[data-disagreements="2.0.0"]').waitFor();
      expect(await fitsWidth(narrow)).toBe(true);
      await browser.screenshot(narrow, 'service-narrow');
      expect(narrow.offsite).toStrictEqual([]);
    } finally {
      await narrow.close();
    }
  });

  it('says why a version that does not answer shows no monitoring, instead of loading for ever', async () => {
    const [flaky] = await Promise.all([manager.deployCommand('flaky', '1.0.0', RUNS_ONCE), manager.deployCommand('plain', '1.0.0', HTTP_SERVER)]);
    process.kill(flaky.pid!, 'SIGKILL');
    await poll(async () => (await manager.services()).find((record) => record.name === 'flaky')?.status).not.toBe('running');
    const other = await anotherPage();
    try {
      const monitoring = other.getByRole('region', { name: 'Monitoring' });
      // What the card's head and its alerts say, without waiting for either to show.
      const card = async () => [await monitoring.locator('.card-head .muted').textContent(), await monitoring.getByRole('alert').allTextContents()];
      await other.goto(`${manager.url}/#/service/flaky/1.0.0`);
      await poll(card).toStrictEqual(['Read failed · trying again every 5 s', ['Service flaky version 1.0.0 is not running']]);
      expect(await monitoring.getByRole('link', { name: 'CSV' }).count()).toBe(0);
      await browser.screenshot(other, 'service-not-running');

      // A command's server has none of an mvi service's routes; the list of versions cannot tell,
      // so the page links to its docs all the same and the cards say why they have nothing.
      await other.goto(`${manager.url}/#/service/plain/1.0.0`);
      await poll(card).toStrictEqual([
        'Read failed · trying again every 5 s',
        ['This version answers /~monitor with 404: it is not an mvi service (a version deployed with a command, say), and only mvi services have monitoring, parameters and API docs.'],
      ]);
      await poll(() => other.getByRole('region', { name: 'Parameters' }).textContent()).toBe(
        'ParametersThis version answers /~parameters with 404: it is not an mvi service (a version deployed with a command, say), and only mvi services have parameters to set.',
      );
      expect(await other.getByRole('link', { name: 'API docs ↗' }).getAttribute('href')).toBe('/services/plain_1.0.0/docs');
      await browser.screenshot(other, 'service-command');

      // A read that fails and then succeeds: the browser answers the first ones for the manager.
      const failing = '**/services/iris_1.0.0/~monitor?*';
      await other.route(failing, (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ detail: 'Service iris version 1.0.0 is not running' }) }));
      await other.goto(`${manager.url}/#/service/iris/1.0.0`);
      await poll(card).toStrictEqual(['Read failed · trying again every 5 s', ['Service iris version 1.0.0 is not running']]);
      await other.unroute(failing);
      await poll(() => other.locator('figure.chart').count()).toBe(2);
      expect(await card()).toStrictEqual([expect.stringMatching(/^Updated (just now|\d+ s ago) · every 5 s$/), []]);
    } finally {
      await other.close();
    }
  }, 90_000);

  it('goes to the login page by itself once the session ends elsewhere', async () => {
    await page.goto(`${manager.url}/#/service/iris/1.0.0`);
    await page.locator('figure.chart').first().waitFor();
    const [session] = await page.context().cookies();
    // The same session logged out from another tab: the page's next read finds it gone.
    await fetch(`${manager.url}/auth/logout`, { headers: { cookie: `${session!.name}=${session!.value}` } });
    await page.getByRole('button', { name: 'Log in' }).waitFor({ timeout: 10_000 });
    expect(page.url()).toBe(`${manager.url}/#/service/iris/1.0.0`);
  });

  it('logs in again to the page it was on, and out with the link', async () => {
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('spec-admin-password-1');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('figure.chart').first().waitFor();
    await page.getByRole('link', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    expect((await page.request.get(`${manager.url}/services/`)).status()).toBe(401);
  });

  it('sent no request off the machine, and the browser reported no error', () => {
    expect(page.offsite).toStrictEqual([]);
    expect(problems).toStrictEqual([]);
  });
});
