import { getQuery } from 'h3';
import type { EntrypointDefinition } from '../service/types.ts';
import { answerJson, jsonTextResponse } from './json-response.ts';
import { readJsonBody } from './read-json-body.ts';
import { route, type RouteContext } from './route-context.ts';

// A GET request carries a body only when a client says so (the seed's clients send one).
const hasBody = (request: Request) =>
  Number(request.headers.get('content-length') ?? 0) > 0 || request.headers.has('transfer-encoding');

function register(context: RouteContext, entrypoint: EntrypointDefinition): void {
  const { engine, bodyLimit } = context;
  route(context, `/${entrypoint.name}`, {
    async [entrypoint.method](event) {
      const request = event.req;
      const fromQuery = entrypoint.method === 'GET' && !hasBody(request);
      const body = fromQuery ? undefined : await readJsonBody(request, bodyLimit);
      const input = body ? body.value : getQuery(event);
      const result = await engine.invoke(entrypoint.name, input, {
        rawBody: body?.raw,
        source: fromQuery ? 'query' : 'body',
        signalSource: request,
      });
      return jsonTextResponse(answerJson(result), result.status);
    },
  }, engine.metrics.entrypoint(entrypoint.name).observe);
}

/** Registers `/{name}` for every entrypoint, with its method. */
export function registerEntrypointRoutes(context: RouteContext): void {
  for (const entrypoint of Object.values(context.engine.description.entrypoints)) register(context, entrypoint);
}
