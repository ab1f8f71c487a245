import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPError } from 'h3';
import { sendNodeResponse } from 'srvx/node';
import { httpError } from '../../engine/http-error.ts';
import { parseServicePath, serviceSegment, type ServicePath } from '../../protocol/service-path.ts';
import { errorResponse } from '../../runtime/json-response.ts';
import type { NodeFront } from '../../runtime/_listen.ts';
import { ROUTE_ROLES } from '../auth/route-roles.ts';
import type { ManagerParts } from '../create-manager-app.ts';
import { dashboardPage } from './dashboard-routes.ts';

// A person's browser asking for a page (a service's /docs) without a session gets the login
// page, which reloads the address once logged in; programs get the JSON 401.
const isPageRequest = (request: IncomingMessage) => (request.method === 'GET' || request.method === 'HEAD') && (request.headers.accept ?? '').includes('text/html');

// A request target as a path: a proxy's absolute form (`GET http://host/services/…`) is read as
// srvx reads it; '' for anything else (`*`).
function originForm(target: string): string {
  if (target.startsWith('/')) return target;
  if (!URL.canParse(target)) return '';
  const url = new URL(target);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.pathname + url.search : '';
}

/**
 * `ANY /services/{name}[_{version}]/…`, on Node's own request and response ahead of srvx and h3,
 * which cost ~13 % of a forwarded request's CPU (bench/gateway.ts): authenticated (as the route
 * table says), resolved from the registry in memory, answered by the gateway. Every other path,
 * the manager's `~` routes under `/services/` included, is left to the h3 app.
 */
export function gatewayFront({ host, auth, gateway, logger }: ManagerParts): NodeFront {
  async function forward(request: IncomingMessage, response: ServerResponse, segment: string, path: ServicePath | undefined): Promise<void> {
    const checked = auth.check(request.headers, ROUTE_ROLES.callService);
    const principal = checked instanceof Promise ? await checked : checked;
    if (principal instanceof HTTPError) {
      if (principal.status === 401 && isPageRequest(request)) return sendNodeResponse(response, dashboardPage('login.html', 401));
      throw principal;
    }
    const route = path && host.route(path);
    if (!route) throw httpError(404, `No service ${segment} is deployed`);
    await gateway.handle(request, response, route);
  }
  return (request, response) => {
    const url = originForm(request.url ?? '');
    const query = url.indexOf('?');
    const pathname = query === -1 ? url : url.slice(0, query);
    const segment = serviceSegment(pathname);
    if (segment === undefined || segment === '' || segment.startsWith('~')) return false;
    // The gateway reads the target from the request.
    request.url = url;
    forward(request, response, segment, parseServicePath(pathname, segment))
      .catch((error: unknown) => sendNodeResponse(response, errorResponse(error, logger)))
      .catch(() => response.destroy());
    return true;
  };
}
