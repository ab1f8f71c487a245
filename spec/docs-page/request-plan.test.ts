import { describe, expect, it } from 'vitest';
import type { OperationDoc, ParameterDoc } from '../../lib/docs-page/src/openapi-model.ts';
import { planRequest } from '../../lib/docs-page/src/request-plan.ts';

const parameter = (name: string, location = 'query'): ParameterDoc => ({ name, location, required: false, schema: {} });
const operation = (method: string, path: string, parameters: ParameterDoc[] = [], bearer = false): OperationDoc => ({ id: 'x', method, path, parameters, responses: [], bearer });
const root = new URL('http://127.0.0.1:4000/services/dice/');

describe('planRequest', () => {
  it('sends to the path under the root it is given, so a gateway prefix is kept', () => {
    const plan = planRequest(root, operation('get', '/~parameters/threshold'), new Map());
    expect([plan.method, plan.url.href, plan.body, plan.headers]).toStrictEqual(['GET', 'http://127.0.0.1:4000/services/dice/~parameters/threshold', undefined, {}]);
    expect(plan.curl).toBe("curl -X GET 'http://127.0.0.1:4000/services/dice/~parameters/threshold'");
  });

  it('puts query values in the query string, a list as a repeated parameter, skipping empty ones and other locations', () => {
    const op = operation('get', '/~monitor', [parameter('start'), parameter('variables'), parameter('end'), parameter('X-Token', 'header')]);
    const plan = planRequest(root, op, new Map([['start', ['2026-01-01T00:00:00.000Z']], ['variables', ['a b', "it's"]], ['end', []], ['X-Token', ['t']]]));
    expect(plan.url.search).toBe("?start=2026-01-01T00%3A00%3A00.000Z&variables=a+b&variables=it%27s");
    expect(plan.curl).toBe(`curl -X GET '${plan.url.href.replace("'", "'\\''")}'`);
  });

  it('has curl send the token from $MVI_TOKEN where the operation takes one (a browser sends its session instead)', () => {
    const plan = planRequest(root, operation('post', '/hello', [], true), new Map(), '{}');
    expect(plan.headers).toStrictEqual({ 'Content-Type': 'application/json' });
    expect(plan.curl).toBe(`curl -X POST 'http://127.0.0.1:4000/services/dice/hello' -H "Authorization: Bearer $MVI_TOKEN" -H 'Content-Type: application/json' -d '{}'`);
  });

  it('fills path parameters, encoded', () => {
    const plan = planRequest(root, operation('delete', '/items/{id}', [parameter('id', 'path')]), new Map([['id', ['a/b c']]]));
    expect(plan.url.pathname).toBe('/services/dice/items/a%2Fb%20c');
  });

  it('sends a JSON body with its content type, and shows it on one line, quoted for the shell', () => {
    const body = '{\n  "name": "O\'Brien",\n  "n": 1\n}';
    const plan = planRequest(root, operation('post', '/hello'), new Map(), body);
    expect([plan.method, plan.body, plan.headers]).toStrictEqual(['POST', body, { 'Content-Type': 'application/json' }]);
    expect(plan.curl).toBe(`curl -X POST 'http://127.0.0.1:4000/services/dice/hello' -H 'Content-Type: application/json' -d '{ "name": "O'\\''Brien", "n": 1 }'`);
  });
});
