import type { H3, H3Event } from 'h3';
import { httpError } from '../../engine/http-error.ts';
import type { ManagerParts } from '../create-manager-app.ts';
import { CALLERS } from './roles.ts';

const PREFIX = '/services/';

/** `ANY /services/{name}[_{version}]/…`: authenticated, resolved from the registry in memory, answered by the gateway. */
export function registerGatewayRoute(app: H3, { host, auth, gateway }: ManagerParts): void {
  const forward = async (event: H3Event) => {
    await auth.require(event, CALLERS);
    // The raw segment: a name needs no escaping, so an escaped one names no service.
    const rest = event.url.pathname.slice(PREFIX.length);
    const slash = rest.indexOf('/');
    const segment = slash === -1 ? rest : rest.slice(0, slash);
    const route = host.route(segment);
    if (!route) throw httpError(404, `No service ${segment} is deployed`);
    return gateway.handle(event, route);
  };
  app.all('/services/:segment', forward);
  app.all('/services/:segment/**', forward);
}
