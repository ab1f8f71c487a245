import { getRouterParam } from 'h3';
import { httpError } from '../engine/http-error.ts';
import { jsonResponse } from './json-response.ts';
import { readJsonBody } from './read-json-body.ts';
import { route, type RouteContext } from './route-context.ts';

/** Registers `GET /~parameters`, and `GET`/`POST /~parameters/{name}`. */
export function registerParameterRoutes(context: RouteContext): void {
  const { engine, bodyLimit } = context;
  // Every answer waits until the values kept from an earlier run are back.
  route(context, '/~parameters', { GET: async () => (await engine.ready, jsonResponse(engine.parameters())) });
  const nameOf = (event: Parameters<typeof getRouterParam>[0]) => getRouterParam(event, 'name', { decode: true }) ?? '';
  route(context, '/~parameters/:name', {
    GET: async (event) => (await engine.ready, jsonResponse(engine.parameter(nameOf(event)))),
    async POST(event) {
      await engine.ready;
      const name = nameOf(event);
      // 404 and 405 before reading the body: they are the first thing wrong.
      engine.assertSettable(name, true);
      const { value } = await readJsonBody(event.req, bodyLimit);
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !('value' in value)) {
        throw httpError(422, [{ loc: ['body', 'value'], msg: 'Field required: send {"value": ...}', type: 'missing' }]);
      }
      engine.setParameter(name, value.value, true);
      return jsonResponse('OK');
    },
  });
}
