import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { renderDocsPage } from '../../lib/runtime/docs-page.ts';

const between = (html: string, open: string, close: string) => {
  const start = html.indexOf(open);
  return html.slice(start + open.length, html.indexOf(close, start));
};
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('renderDocsPage', () => {
  const html = renderDocsPage({ title: 'dice 1.0.0', openapiUrl: 'openapi.json' });

  it('is one self-contained HTML page that loads nothing from other hosts', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/https?:\/\//);
    // The empty icon spares the service a /favicon.ico request (and its 404 in the access log).
    expect(html.replace('<link rel="icon" href="data:,">', '')).not.toMatch(/<link|<img|<iframe|\ssrc=/i);
    expect(between(html, '<style>', '</style>')).not.toMatch(/@import|url\(/);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.match(/<style>/g)).toHaveLength(1);
  });

  it('loads the OpenAPI document from the relative URL it is given, openapi.json by default', () => {
    expect(html).toContain('("openapi.json")');
    expect(renderDocsPage({ title: 'x' })).toContain('("openapi.json")');
    const nested = renderDocsPage({ title: 'x', openapiUrl: '../v2/openapi.json?x=1&y=2' });
    expect(nested).toContain('("../v2/openapi.json?x=1\\u0026y=2")');
    expect(nested).toContain('href="../v2/openapi.json?x=1&amp;y=2"');
  });

  it('escapes the title and the URL so neither can inject markup or script', () => {
    const evil = renderDocsPage({ title: '<script>alert(1)</script> & "q"', openapiUrl: '"></a></script><script>alert(2)</script>' });
    expect(evil).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;</title>');
    expect(evil.match(/<script>/g)).toHaveLength(1);
    expect(evil.match(/<\/script>/g)).toHaveLength(1);
    expect(evil).not.toContain('alert(1)</script>');
    expect(evil).toContain('href="&quot;&gt;&lt;/a&gt;&lt;/script&gt;');
  });

  it('allows exactly its own script and style, and network access to its own origin only', () => {
    const policy = between(html, '<meta http-equiv="Content-Security-Policy" content="', '">');
    expect(policy).toContain(`script-src ${sha256(between(html, '<script>', '</script>'))}`);
    expect(policy).toContain(`style-src ${sha256(between(html, '<style>', '</style>'))}`);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("connect-src 'self'");
  });

  it('carries a browser script that parses and builds the page from text nodes only', () => {
    const script = between(html, '<script>', '</script>');
    expect(() => new Function(script)).not.toThrow();
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
  });
});
