import { consola, type ConsolaInstance } from 'consola';
import type { H3Event } from 'h3';
import { errorResponse } from '../../runtime/json-response.ts';
import type { Auth } from '../types.ts';
import { rolesFor } from './route-roles.ts';

/**
 * The h3 middleware that checks every request to the manager against {@link rolesFor} before
 * any route runs: 401 JSON without a valid token, 403 for a role the route does not allow.
 * `auth.register(app)` installs it, so that no route can be left unchecked by mistake.
 */
export function authGuard(auth: Auth, logger: ConsolaInstance = consola): (event: H3Event) => Promise<Response | undefined> | undefined {
  return (event) => {
    const roles = rolesFor(event.req.method, event.url.pathname);
    if (roles === 'open') return undefined;
    return auth.require(event, roles).then(
      () => undefined,
      (error: unknown) => errorResponse(error, logger),
    );
  };
}
