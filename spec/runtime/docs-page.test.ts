import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsPageHtml } from '../../lib/runtime/docs-routes.ts';
import { hello } from '../../playground/hello.ts';
import { signToken, testKeys } from '../protocol/_tokens.ts';
import { serviceApp } from './_service-app.ts';

const identity = { MVI_SERVICE_NAME: 'hello', MVI_SERVICE_VERSION: '1.0.0' };
let service: ReturnType<typeof serviceApp>;
let html: string;
let files: string[];

beforeAll(async () => {
  service = serviceApp(hello, { env: identity });
  html = await (await service.app.request('/docs')).text();
  files = [...html.matchAll(/(?:src|href)="\.\/docs\/([^"]+)"/g)].map((match) => match[1]!);
});
afterAll(() => service.close());

const asset = (name: string) => files.find((file) => file.endsWith(name))!;

describe('GET /docs', () => {
  it('is the built page, titled after the service, whose script and style are its own files under docs/', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<title>hello 1.0.0</title>');
    expect(files.map((file) => file.replace(/-[\w-]{8}\./, '-HASH.')).sort()).toStrictEqual(['index-HASH.css', 'index-HASH.js']);
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html).toContain('<script type="module" crossorigin src="./docs/');
  });

  it('loads nothing from other hosts: no absolute URL in the page, no import or url() in its style', async () => {
    expect(html).not.toMatch(/https?:\/\/|\/\/[a-z]/i);
    // The empty icon spares the service a /favicon.ico request (and its 404 in the access log).
    expect(html.replace('<link rel="icon" href="data:,">', '').replace(/<link rel="stylesheet" crossorigin href="\.\/docs\/[^"]+">/, '')).not.toMatch(/<link|<img|<iframe/i);
    const style = await (await service.app.request(`/docs/${asset('.css')}`)).text();
    expect(style).not.toMatch(/@import|url\(/);
  });

  it('answers under the root path too, and sends /docs/ back to /docs, where relative URLs resolve', async () => {
    const nested = await service.app.request('/services/hello_1.0.0/docs');
    expect([nested.status, await nested.text()]).toStrictEqual([200, html]);
    for (const path of ['/docs/', '/services/hello_1.0.0/docs/']) {
      const slash = await service.app.request(path);
      expect([slash.status, slash.headers.get('location')]).toStrictEqual([308, '../docs']);
      expect(new URL(slash.headers.get('location')!, `http://x${path}`).pathname).toBe(path.slice(0, -1));
    }
  });

  it('allows its own script and style only, and network access to its own origin only, and is revalidated', async () => {
    const res = await service.app.request('/docs');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const policy = res.headers.get('content-security-policy') ?? '';
    expect(policy.split('; ')).toEqual(expect.arrayContaining(["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "base-uri 'none'"]));
    expect(policy).not.toMatch(/unsafe|\*|https?:/);
  });

  it('escapes the title so that it cannot inject markup or script', () => {
    const evil = docsPageHtml('<script>alert(1)</script> & "q" $&');
    expect(evil).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; $&amp;</title>');
    expect(evil.match(/<script\b/g)).toHaveLength(1);
    expect(evil).not.toContain('alert(1)</script>');
  });
});

describe('GET /docs/{file}', () => {
  it('serves the script and the style with their types, cached for good under their hashed names, gzipped when asked', async () => {
    for (const [name, type] of [['.js', 'text/javascript; charset=utf-8'], ['.css', 'text/css; charset=utf-8']] as const) {
      const plain = await service.app.request(`/docs/${asset(name)}`);
      expect(plain.status).toBe(200);
      expect(plain.headers.get('content-type')).toBe(type);
      expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(plain.headers.get('content-encoding')).toBeNull();
      const bytes = Buffer.from(await plain.arrayBuffer());
      const zipped = await service.app.request(`/services/hello_1.0.0/docs/${asset(name)}`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(zipped.headers.get('vary')).toBe('accept-encoding');
      const packed = Buffer.from(await zipped.arrayBuffer());
      expect(packed.length).toBeLessThan(bytes.length / 2);
      expect(gunzipSync(packed).equals(bytes)).toBe(true);
    }
  });

  it('answers 404 JSON for any other name, a path out of the folder included', async () => {
    for (const path of ['/docs/nope.js', '/docs/..%2Findex.html', '/docs/..%2F..%2Fpackage.json', '/docs/.built']) {
      const res = await service.app.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.json()).toStrictEqual({ detail: expect.any(String) });
    }
  });

  it('carries a browser script that parses as a module and builds the page from text nodes only', async () => {
    const script = await (await service.app.request(`/docs/${asset('.js')}`)).text();
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    const dir = await mkdtemp(join(tmpdir(), 'mvi-docs-script-'));
    try {
      await writeFile(join(dir, 'page.mjs'), script);
      await expect(promisify(execFile)(process.execPath, ['--check', join(dir, 'page.mjs')])).resolves.toBeDefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the docs behind a manager (MVI_MANAGER_PUBLIC_KEY set)', () => {
  it('answers the page and its files only to the manager\'s token', async () => {
    const keys = await testKeys();
    const guarded = serviceApp(hello, { env: { ...identity, MVI_MANAGER_PUBLIC_KEY: keys.publicKey } });
    const token = await signToken(keys);
    try {
      for (const path of ['/docs', `/docs/${asset('.js')}`, `/services/hello_1.0.0/docs/${asset('.css')}`]) {
        expect((await guarded.app.request(path)).status, path).toBe(401);
        expect((await guarded.app.request(path, { headers: { authorization: `Bearer ${token}` } })).status, path).toBe(200);
      }
    } finally {
      await guarded.close();
    }
  });
});
