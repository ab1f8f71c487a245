import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps calling Google's hosts, which this
// machine refuses (and a test of an offline page must not depend on).
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Where browser tests keep their screenshots (gitignored), to be looked at after a run. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../.artifacts/screenshots/', import.meta.url));

export interface TestBrowser {
  readonly browser: Browser;
  /** A new page that records every request to a host other than 127.0.0.1/localhost in `offsite`. */
  newPage(options?: { readonly width?: number; readonly height?: number }): Promise<Page & { readonly offsite: string[] }>;
  /** Saves a full-page screenshot as `.artifacts/screenshots/<name>.png`. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/** Headless Debian Chromium driven by playwright-core; every page is checked for requests leaving the machine. */
export async function openBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  return {
    browser,
    async newPage({ width = 1366, height = 800 } = {}) {
      const page = await browser.newPage({ viewport: { width, height } });
      const offsite: string[] = [];
      await page.route('**/*', (route) => {
        const { hostname, protocol } = new URL(route.request().url());
        if (protocol === 'data:' || protocol === 'blob:' || hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
        offsite.push(route.request().url());
        return route.abort();
      });
      return Object.assign(page, { offsite });
    },
    async screenshot(page, name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    close: () => browser.close(),
  };
}
