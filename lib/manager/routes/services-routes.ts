import { getQuery, type H3, type H3Event } from 'h3';
import * as v from 'valibot';
import { httpError } from '../../engine/http-error.ts';
import { unwrap } from '../../engine/validate.ts';
import { jsonResponse } from '../../runtime/json-response.ts';
import { readJsonBody } from '../../runtime/read-json-body.ts';
import type { ManagerParts } from '../create-manager-app.ts';
import { Name, readDeployRequest, Version } from './read-deploy-request.ts';
import { OPERATORS } from './roles.ts';

const Assign = v.object({ name: Name, version: Version });
const Kill = v.object({ name: Name, version: v.optional(Version), all: v.optional(v.boolean(), false) });

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
  app.get('/services/', async (event) => {
    await auth.require(event, OPERATORS);
    return jsonResponse(host.list());
  });

  app.post('/services/', async (event) => {
    await auth.require(event, OPERATORS);
    return jsonResponse(await host.deploy(await readDeployRequest(event)), 201);
  });

  app.put('/services/~assign', async (event) => {
    await auth.require(event, OPERATORS);
    const { name, version } = unwrap<typeof Assign>(await Assign['~standard'].validate(await fieldsOf(event)), ['body']);
    await host.assign(name, version);
    return jsonResponse(host.list().find((record) => record.name === name && record.version === version));
  });

  app.delete('/services/', async (event) => {
    await auth.require(event, OPERATORS);
    const { name, version, all } = unwrap<typeof Kill>(await Kill['~standard'].validate(await fieldsOf(event)), ['body']);
    if (version === undefined && !all) throw httpError(422, 'Name a version to kill, or kill every version of the name with "all": true');
    const killed = await host.kill(name, all ? undefined : version);
    for (const key of killed) gateway.forget(key);
    return jsonResponse({ killed });
  });
}
