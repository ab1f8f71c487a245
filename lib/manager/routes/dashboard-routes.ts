import type { H3, H3Event } from 'h3';
import { httpError } from '../../engine/http-error.ts';
import { MANAGER_ROUTES } from '../../protocol/routes.ts';
import { fastResponse } from '../../runtime/fast-response.ts';
import { builtAssetsDir } from '../../utilities/_built-assets.ts';
import { ROUTE_ROLES } from '../auth/route-roles.ts';
import type { ManagerParts } from '../create-manager-app.ts';
import { builtFileAnswer, loadBuiltFiles, type BuiltFile } from './_built-files.ts';

// The pages may load scripts, styles and data from the manager itself and nothing else: the
// dashboard works offline, and nothing it shows can be sent elsewhere.
const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'",
  'referrer-policy': 'no-referrer',
};
// Built assets carry their content's hash in their names: a changed file is a new name.
const ASSET_HEADERS = { 'cache-control': 'public, max-age=31536000, immutable' };

/**
 * `GET /`: the dashboard to a person with a session, else its login page (which the dashboard
 * becomes once logged in); `GET /~dashboard/…`: their scripts and styles, open to anyone, as the
 * login page needs them. Both are read from the built front end (`dist/dashboard/`) once.
 */
export function registerDashboardRoutes(app: H3, { auth }: ManagerParts): void {
  let files: Promise<ReadonlyMap<string, BuiltFile>> | undefined;
  // Read on first use, and again after a failure (a manager started before the build was made).
  const load = () =>
    (files ??= (async () => {
      try {
        return await loadBuiltFiles(builtAssetsDir('dashboard'));
      } catch (error) {
        files = undefined;
        throw httpError(503, error instanceof Error ? error.message : String(error));
      }
    })());
  const send = (event: H3Event, file: BuiltFile, headers: Readonly<Record<string, string>>) => {
    const answer = builtFileAnswer(file, event.req.headers.get('accept-encoding'));
    return fastResponse(answer.body, { ...answer.headers, ...headers });
  };

  app.get(MANAGER_ROUTES.dashboard, async (event) => {
    const principal = await auth.authenticate(event);
    const page = principal && ROUTE_ROLES.dashboard.includes(principal.role) ? 'index.html' : 'login.html';
    const file = (await load()).get(page);
    if (!file) throw httpError(503, `The dashboard's build has no ${page}: run \`npm run build:front\``);
    return send(event, file, PAGE_HEADERS);
  });

  app.get(`${MANAGER_ROUTES.dashboardAssets}**`, async (event) => {
    const path = event.url.pathname.slice(MANAGER_ROUTES.dashboardAssets.length);
    const file = path.startsWith('assets/') ? (await load()).get(path) : undefined;
    if (!file) throw httpError(404, `No dashboard file ${path}`);
    return send(event, file, ASSET_HEADERS);
  });
}
