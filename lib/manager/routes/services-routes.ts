import { getQuery, type H3, type H3Event } from 'h3';
import * as v from 'valibot';
import { httpError } from '../../engine/http-error.ts';
import { unwrap } from '../../engine/validate.ts';
import { jsonResponse } from '../../runtime/json-response.ts';
import { readJsonBody } from '../../runtime/read-json-body.ts';
import { MANAGER_ROUTES } from '../../protocol/routes.ts';
import { ServiceNameSchema, ServiceVersionSchema } from '../../protocol/service-names.ts';
import { ROUTE_ROLES } from '../auth/route-roles.ts';
import type { ManagerParts } from '../create-manager-app.ts';
import { readDeployRequest } from './read-deploy-request.ts';

const Assign = v.object({ name: ServiceNameSchema, version: ServiceVersionSchema });
const Kill = v.object({ name: ServiceNameSchema, version: v.optional(ServiceVersionSchema), all: v.optional(v.boolean(), false) });

// PUT and DELETE read their fields from the JSON body, or from the query string (curl -X DELETE '…?name=x&version=1.0.0').
async function fieldsOf(event: H3Event): Promise<unknown> {
  const { value } = await readJsonBody(event.req, 64 * 1024);
  const query = getQuery(event);
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0
    ? value
    : { ...query, ...(query.all === undefined ? {} : { all: query.all === 'true' }) };
}

/** `GET / POST / DELETE /services/` and `PUT /services/~assign`. */
export function registerServicesRoutes(app: H3, { host, auth, gateway }: ManagerParts): void {
  app.get(MANAGER_ROUTES.services, async (event) => {
    await auth.require(event, ROUTE_ROLES.listServices);
    return jsonResponse(host.list());
  });

  app.post(MANAGER_ROUTES.services, async (event) => {
    await auth.require(event, ROUTE_ROLES.deploy);
    return jsonResponse(await host.deploy(await readDeployRequest(event)), 201);
  });

  app.put(MANAGER_ROUTES.assign, async (event) => {
    await auth.require(event, ROUTE_ROLES.assign);
    const { name, version } = unwrap<typeof Assign>(await Assign['~standard'].validate(await fieldsOf(event)), ['body']);
    await host.assign(name, version);
    return jsonResponse(host.list().find((record) => record.name === name && record.version === version));
  });

  app.delete(MANAGER_ROUTES.services, async (event) => {
    await auth.require(event, ROUTE_ROLES.kill);
    const { name, version, all } = unwrap<typeof Kill>(await Kill['~standard'].validate(await fieldsOf(event)), ['body']);
    if (version === undefined && !all) throw httpError(422, 'Name a version to kill, or kill every version of the name with "all": true');
    const killed = await host.kill(name, all ? undefined : version);
    for (const key of killed) gateway.forget(key);
    return jsonResponse({ killed });
  });
}
