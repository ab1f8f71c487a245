import type { H3 } from 'h3';
import { httpError } from '../../engine/http-error.ts';
import { MANAGER_ROUTES } from '../../protocol/routes.ts';
import { frontEndAssets } from '../../runtime/_front-end-assets.ts';
import { fastResponse } from '../../runtime/fast-response.ts';
import { ROUTE_ROLES } from '../auth/route-roles.ts';
import type { ManagerParts } from '../create-manager-app.ts';

// The pages may load scripts, styles and data from the manager itself and nothing else: the
// dashboard works offline, and nothing it shows can be sent elsewhere.
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'",
  'referrer-policy': 'no-referrer',
};
// The build (dist/dashboard/): index.html, login.html, and their files in assets/.
const dashboard = frontEndAssets('dashboard', 'assets');
const ASSETS = 'assets/';

/** One of the dashboard's pages (`index.html`, `login.html`) as an answer; 503 where mvi runs from its sources without a build. */
export function dashboardPage(page: string, status = 200): Response {
  let html: string;
  try {
    html = dashboard.page(page);
  } catch (error) {
    // Only where mvi runs from its sources without a build: say what to run.
    throw httpError(503, error instanceof Error ? error.message : String(error));
  }
  return fastResponse(html, PAGE_HEADERS, status);
}

/**
 * `GET /`: the dashboard to a person with a session, else its login page (which the dashboard
 * becomes once logged in); `GET /~dashboard/…`: their scripts and styles, open to anyone, as the
 * login page needs them. Both are read from the built front end (`dist/dashboard/`) once.
 */
export function registerDashboardRoutes(app: H3, { auth }: ManagerParts): void {
  app.get(MANAGER_ROUTES.dashboard, async (event) => {
    const principal = await auth.authenticate(event);
    return dashboardPage(principal && ROUTE_ROLES.dashboard.includes(principal.role) ? 'index.html' : 'login.html');
  });

  app.get(`${MANAGER_ROUTES.dashboardAssets}**`, (event) => {
    const path = event.url.pathname.slice(MANAGER_ROUTES.dashboardAssets.length);
    const answer = path.startsWith(ASSETS) ? dashboard.asset(path.slice(ASSETS.length), event.req.headers.get('accept-encoding')) : undefined;
    if (!answer) throw httpError(404, `No dashboard file ${path}`);
    return answer;
  });
}
