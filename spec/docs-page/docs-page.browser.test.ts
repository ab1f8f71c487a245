import { createConsola } from 'consola';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningService } from 'mvi/runtime';
import { createMemoryStore } from '../../lib/monitor/memory-store.ts';
import { openBrowser, type TestBrowser } from '../_browser.ts';
import { docsDemo } from './_docs-service.ts';

// The docs page in headless Chromium against a real service on a port: what a user sees and does.
let service: RunningService;
let browser: TestBrowser;
const pages: (Page & { readonly offsite: string[] })[] = [];

beforeAll(async () => {
  [service, browser] = await Promise.all([
    serve(docsDemo, { port: 0, store: createMemoryStore(), env: {}, handleSignals: false, logger: createConsola({ level: 1 }) }),
    openBrowser(),
  ]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

async function openDocs(width = 1366, url = `${service.url}/docs`) {
  const page = await browser.newPage({ width, height: 800 });
  pages.push(page);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await page.locator('details.op').first().waitFor();
  return Object.assign(page, { errors });
}

const card = (page: Page, id: string) => page.locator(`#op-${id}`);

/** Opens a closed card the way a user does: a click on its summary. */
async function open(operation: Locator): Promise<void> {
  if ((await operation.getAttribute('open')) === null) await operation.locator(':scope > summary').click();
}

/** Opens the card, sends its try-it form and waits for the answer; its status line and body. */
async function send(operation: Locator): Promise<{ head: string; body: string }> {
  await open(operation);
  await operation.locator('.send').click();
  const head = operation.locator('.answer-head');
  await head.waitFor();
  await expect.poll(() => operation.locator('.send').isDisabled()).toBe(false);
  const body = operation.locator('.answer pre.code, .answer .binary').first();
  return { head: await head.innerText(), body: (await body.count()) ? await body.innerText() : '' };
}

describe('the docs page', () => {
  it('lists the entrypoints and the built-in routes, with their rules and the shapes of their answers', async () => {
    const page = await openDocs();
    expect(await page.title()).toBe('docs_demo 1.2.0 · API docs');
    expect(await page.locator('h1').innerText()).toBe('docs_demo');
    const operations = (await page.locator('details.op > summary').allInnerTexts()).map((text) => text.split(/\s+/).slice(0, 2).join(' '));
    expect(operations).toStrictEqual([
      'POST /predict', 'GET /history', 'POST /echo',
      'GET /~parameters', 'GET /~parameters/threshold', 'POST /~parameters/threshold',
      'GET /~monitor', 'GET /~monitor/csv', 'GET /~monitor/db', 'GET /~health', 'GET /~metrics',
    ]);
    // A query parameter keeps its rules: the schema says integer, at least 1, 100 by default.
    const window = card(page, 'history').locator('.doc .fields li', { hasText: 'window' });
    expect((await window.innerText()).replace(/\s+/g, ' ')).toBe('window integer ≥ 1 default 100 How many of the latest answers.');
    const sepal = card(page, 'predict').locator('.doc .schema .fields li', { hasText: 'sepal_length' });
    expect((await sepal.innerText()).replace(/\s+/g, ' ')).toBe('sepal_length required number ≥ 0 ≤ 100 In centimetres.');
    // /~health answers a known shape, not "any".
    await open(card(page, 'health'));
    const health = card(page, 'health').locator('.doc .response').first();
    expect((await health.innerText()).replace(/\s+/g, ' ')).toMatch(/^200 The service is up .* Health status required "ok" service required string .* version required string/);
    // An answer without an output schema says so.
    await open(card(page, 'echo'));
    const echo = card(page, 'echo').locator('.doc .response').first();
    expect((await echo.innerText()).replace(/\s+/g, ' ')).toBe('200 Successful answer: any JSON value (the entrypoint declares no output schema) any JSON');
    expect([page.errors, page.offsite]).toStrictEqual([[], []]);
  });

  it('leaves the time fields of /~monitor empty, with pickers, and says what an empty one means', async () => {
    const page = await openDocs();
    const monitor = card(page, 'readMonitor');
    await open(monitor);
    for (const name of ['start', 'end']) {
      const input = monitor.locator(`.try input[name="${name}"]`);
      expect([await input.getAttribute('type'), await input.inputValue(), await input.getAttribute('placeholder')]).toStrictEqual(['datetime-local', '', null]);
    }
    expect(await monitor.locator('.try .hint').first().innerText()).toBe('Your local time, sent in UTC; not sent when empty.');
    expect(await monitor.locator('.curl').innerText()).toBe(`curl -X GET '${service.url}/~monitor'`);
    // A time picked is sent in UTC.
    await monitor.locator('.try input[name="start"]').fill('2026-03-04T05:06:07');
    const sent = await page.evaluate(() => new Date('2026-03-04T05:06:07').toISOString());
    expect(await monitor.locator('.curl').innerText()).toBe(`curl -X GET '${service.url}/~monitor?start=${encodeURIComponent(sent)}'`);
  });

  it('sends a request from try it and shows the answer, and the field errors of a 422 beside their inputs', async () => {
    const page = await openDocs();
    const predict = card(page, 'predict');
    await predict.locator('textarea').fill('{"sepal_length": 5, "petal_length": 8}');
    let answer = await send(predict);
    expect(answer.head).toMatch(/^200 OK\s+\d+ ms\s+application\/json$/);
    expect(JSON.parse(answer.body)).toStrictEqual({ label: 'virginica', confidence: 0.8 });

    await predict.locator('textarea').fill('{"sepal_length": ');
    expect(await predict.locator('.try .field-error').innerText()).toMatch(/^Not valid JSON/);
    answer = await send(predict);
    expect(await predict.locator('.field-errors li').allInnerTexts()).toStrictEqual([expect.stringMatching(/^body Invalid JSON/)]);
    await predict.locator('textarea').fill('{"sepal_length": 500}');
    expect(await predict.locator('.try .field-error').isHidden()).toBe(true);
    answer = await send(predict);
    expect(answer.head).toMatch(/^422 Unprocessable Entity/);
    expect(await predict.locator('.field-errors li').allInnerTexts()).toStrictEqual([
      'body › sepal_length Invalid value: Expected <=100 but received 500',
      'body › petal_length Field required',
    ]);

    const history = card(page, 'history');
    await history.locator('input[name="window"]').fill('0');
    answer = await send(history);
    expect(answer.head).toMatch(/^422 /);
    expect(await history.locator('input[name="window"]').getAttribute('aria-invalid')).toBe('true');
    expect(await history.locator('.param', { has: page.locator('input[name="window"]') }).locator('.field-error').innerText()).toMatch(/Expected >=1 but received 0/);

    await history.locator('input[name="window"]').fill('5');
    await history.locator('select[name="label"]').selectOption('virginica');
    answer = await send(history);
    expect(answer.head).toMatch(/^200 OK/);
    expect(JSON.parse(answer.body)).toStrictEqual({ window: 5, label: 'virginica', answers: [] });
    expect(await history.locator('input[name="window"]').getAttribute('aria-invalid')).toBeNull();
    expect(await history.locator('.curl').innerText()).toBe(`curl -X GET '${service.url}/history?window=5&label=virginica'`);
    expect([page.errors, page.offsite]).toStrictEqual([[], []]);
    await page.evaluate('scrollTo(0, 0)');
    await browser.screenshot(page, 'docs-page-1366');
  });

  it('tries every built-in route: sets a parameter and reads it back, reads the monitoring data, health and metrics', async () => {
    const page = await openDocs();
    await card(page, 'predict').locator('textarea').fill('{"sepal_length": 5, "petal_length": 3}');
    expect((await send(card(page, 'predict'))).head).toMatch(/^200 /);

    const set = card(page, 'setParameter_threshold');
    await open(set);
    await set.locator('textarea').fill('{"value": 0.25}');
    expect(await send(set)).toMatchObject({ head: expect.stringMatching(/^200 OK/), body: '"OK"' });
    expect((await send(card(page, 'getParameter_threshold'))).body).toBe('0.25');
    expect(JSON.parse((await send(card(page, 'getParameters'))).body)).toStrictEqual({ threshold: 0.25 });

    const monitor = card(page, 'readMonitor');
    await open(monitor);
    await monitor.locator('.suggestion', { hasText: '+ confidence' }).click();
    expect(await monitor.locator('input[name="variables"]').inputValue()).toBe('confidence');
    const series = JSON.parse((await send(monitor)).body);
    expect(Object.keys(series)).toStrictEqual(['confidence']);
    // The point the page's own call just stored is the latest.
    expect(series.confidence.value.at(-1)).toBe(0.3);

    const csv = await send(card(page, 'readMonitorCsv'));
    expect(csv.head).toMatch(/^200 OK\s+\d+ ms\s+application\/zip$/);
    expect(csv.body).toMatch(/^Binary answer, [\d,]+ bytes · Download csv_data\.zip$/);
    expect((await send(card(page, 'readMonitorDb'))).body).toContain('CREATE TABLE IF NOT EXISTS mvi_points');
    expect(JSON.parse((await send(card(page, 'health'))).body)).toStrictEqual({ status: 'ok', service: 'docs_demo', version: '1.2.0' });
    const metrics = await send(card(page, 'metrics'));
    expect(metrics.head).toMatch(/^200 OK/);
    expect(metrics.body).toContain('mvi_requests_total{entrypoint="predict",status="200"}');
    expect([page.errors, page.offsite]).toStrictEqual([[], []]);
  });

  it('fits 420 px without sideways scrolling, every card open and answered', async () => {
    const page = await openDocs(420);
    for (const operation of await page.locator('details.op').all()) await send(operation);
    const [scrollWidth, clientWidth] = await page.evaluate<number[]>('[document.documentElement.scrollWidth, document.documentElement.clientWidth]');
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth!);
    expect(clientWidth).toBe(420);
    // Every card and every control stays inside the page.
    const outside = await page.evaluate<string[]>(`[...document.querySelectorAll('.op, input, select, textarea, button, pre')]
      .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .map((element) => element.outerHTML.slice(0, 80))`);
    expect(outside).toStrictEqual([]);
    expect([page.errors, page.offsite]).toStrictEqual([[], []]);
    await page.evaluate('scrollTo(0, 0)');
    await browser.screenshot(page, 'docs-page-420');
  });

  it('filters the operations by what the user types', async () => {
    const page = await openDocs();
    await page.locator('.filter').fill('monitor csv');
    const visible = await page.locator('details.op:visible > summary .path').allInnerTexts();
    expect(visible).toStrictEqual(['/~monitor/csv']);
    expect(await page.locator('section:visible h2').allInnerTexts()).toStrictEqual(['Monitoring']);
    await page.locator('.filter').fill('');
    expect(await page.locator('details.op:visible').count()).toBe(11);
  });
});
