import { getRouterParam } from 'h3';
import { httpError } from '../engine/http-error.ts';
import { frontEndAssets } from './_front-end-assets.ts';
import { escapeHtml } from './escape-html.ts';
import { fastResponse } from './fast-response.ts';
import { route, type RouteContext } from './route-context.ts';

// The page built from lib/docs-page/ into dist/docs-page/: index.html, its files in docs/.
const docsPage = frontEndAssets('docs-page', 'docs');

// The page runs its own script and style and talks to its own service only.
const POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * The HTML of the docs page titled `title`: the built page, whose script finds the OpenAPI
 * document and the service's routes relative to its own URL.
 */
export function docsPageHtml(title: string): string {
  return docsPage.page().replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(title)}</title>`);
}

/**
 * Registers `GET /docs`, the interactive docs page, and `GET /docs/{file}`, its script and style,
 * under every prefix of `context`.
 */
export function registerDocsRoutes(context: RouteContext): void {
  const { name, version } = context.engine.identity;
  let html: string | undefined;
  route(context, '/docs', {
    GET(event) {
      // The page finds its files relative to `…/docs`: `…/docs/` would look for them one level too deep.
      if (event.url.pathname.endsWith('/')) return fastResponse('', { location: '../docs' }, 308);
      try {
        html ??= docsPageHtml(`${name} ${version}`);
      } catch (error) {
        // Only where mvi runs from its sources without a build: say what to run.
        throw httpError(503, error instanceof Error ? error.message : String(error));
      }
      return fastResponse(html, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
        'content-security-policy': POLICY,
        'x-content-type-options': 'nosniff',
      });
    },
  });
  route(context, '/docs/:file', {
    GET(event) {
      const file = getRouterParam(event, 'file') ?? '';
      const answer = docsPage.asset(file, event.req.headers.get('accept-encoding'));
      if (answer === undefined) throw httpError(404, `The docs page has no file "${file}"`);
      return answer;
    },
  });
}
