import { getQuery, type H3 } from 'h3';
import * as v from 'valibot';
import { httpError } from '../../engine/http-error.ts';
import { unwrap } from '../../engine/validate.ts';
import { jsonResponse } from '../../runtime/json-response.ts';
import { MANAGER_ROUTES } from '../../protocol/routes.ts';
import { ServiceNameSchema } from '../../protocol/service-names.ts';
import { ROUTE_ROLES } from '../auth/route-roles.ts';
import type { ManagerParts } from '../create-manager-app.ts';

const Query = v.object({ name: ServiceNameSchema });

/** `GET /services/~shadow?name=`: how the shadows of a name compare with its main version, from the gateway. */
export function registerShadowRoute(app: H3, { host, auth, gateway }: ManagerParts): void {
  app.get(MANAGER_ROUTES.shadow, async (event) => {
    await auth.require(event, ROUTE_ROLES.shadowReport);
    const { name } = unwrap<typeof Query>(await Query['~standard'].validate(getQuery(event)), ['query']);
    if (!host.list().some((record) => record.name === name)) throw httpError(404, `No service named ${name}`);
    return jsonResponse(gateway.shadowReport(name));
  });
}
