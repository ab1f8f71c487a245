import type { H3, H3Event } from 'h3';
import { httpError } from '../../engine/http-error.ts';
import { parseServicePath, SERVICES_PATH } from '../../protocol/service-path.ts';
import { ROUTE_ROLES } from '../auth/route-roles.ts';
import type { ManagerParts } from '../create-manager-app.ts';

/** `ANY /services/{name}[_{version}]/…`: authenticated, resolved from the registry in memory, answered by the gateway. */
export function registerGatewayRoute(app: H3, { host, auth, gateway }: ManagerParts): void {
  const forward = async (event: H3Event) => {
    await auth.require(event, ROUTE_ROLES.callService);
    const path = parseServicePath(event.url.pathname);
    const route = path && host.route(path);
    if (!route) throw httpError(404, `No service ${event.url.pathname.slice(SERVICES_PATH.length + 1).split('/')[0]} is deployed`);
    return gateway.handle(event, route);
  };
  app.all(`${SERVICES_PATH}/:segment`, forward);
  app.all(`${SERVICES_PATH}/:segment/**`, forward);
}
