import { HEALTH_PATH } from '../protocol/routes.ts';
import type { ParameterDefinition, ServiceDescription } from '../service/types.ts';
import type { OpenApiOperation } from './openapi.ts';
import type { JsonSchema, SchemaConverter } from './openapi-schema.ts';

/** Operations by method, by path. */
export type Paths = Record<string, Record<string, OpenApiOperation>>;

/** A JSON answer of `schema`. */
export const jsonContent = (schema: JsonSchema, description: string) => ({ description, content: { 'application/json': { schema } } });

/** A reference to a shared component. */
export const componentRef = (kind: 'schemas' | 'responses' | 'parameters', name: string) => ({ $ref: `#/components/${kind}/${name}` });

const errorResponse = (description: string) => jsonContent(componentRef('schemas', 'HTTPError'), description);
const storeFailing = errorResponse('The monitoring store cannot write, so it cannot answer either');

const identity = {
  service: { type: 'string', description: 'The name of the service.' },
  version: { type: 'string', description: 'Its version.' },
};

/** The components the built-in routes share with the entrypoints. */
export const BUILT_IN_COMPONENTS = {
  schemas: {
    ValidationError: {
      type: 'object',
      properties: {
        loc: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
        msg: { type: 'string' },
        type: { type: 'string' },
      },
      required: ['loc', 'msg', 'type'],
    },
    HTTPValidationError: {
      type: 'object',
      properties: { detail: { type: 'array', items: componentRef('schemas', 'ValidationError') } },
      required: ['detail'],
    },
    HTTPError: { type: 'object', properties: { detail: { description: 'What went wrong.' } }, required: ['detail'] },
    TimeSeries: {
      type: 'object',
      properties: {
        timestamp: { type: 'array', items: { type: 'string', format: 'date-time' } },
        value: { type: 'array', items: { type: ['number', 'string'] } },
      },
      required: ['timestamp', 'value'],
    },
    Health: {
      type: 'object',
      properties: { status: { const: 'ok' }, ...identity },
      required: ['status', 'service', 'version'],
    },
    HealthNotReady: {
      type: 'object',
      properties: {
        status: { const: 'not ready' },
        ...identity,
        store: { type: 'string', description: 'Why not: `restoring parameters`, `cannot restore parameters: …`, `cannot write: …` or `write buffer full`.' },
      },
      required: ['status', 'service', 'version', 'store'],
    },
  },
  responses: {
    ValidationError: jsonContent(componentRef('schemas', 'HTTPValidationError'), 'Invalid input or malformed JSON'),
    ServerError: errorResponse('The handler failed'),
  },
  parameters: {
    MonitorStart: { name: 'start', in: 'query', description: 'First moment, inclusive (ISO 8601; UTC when it names no zone). From the first point when omitted.', schema: { type: 'string', format: 'date-time' } },
    MonitorEnd: { name: 'end', in: 'query', description: 'Last moment, inclusive (ISO 8601; UTC when it names no zone). Up to now when omitted.', schema: { type: 'string', format: 'date-time' } },
  },
} as const;

function parameterPaths(parameters: readonly ParameterDefinition[], id: (wanted: string) => string, schemas: SchemaConverter): Paths {
  const values = new Map(parameters.map((p) => [p.name, schemas.convert(p.schema, 'output', `${p.name}.value`)]));
  const all = { type: 'object', properties: Object.fromEntries(values), required: [...values.keys()] };
  const paths: Paths = {
    '/~parameters': {
      get: { operationId: id('getParameters'), tags: ['Parameters'], summary: 'All parameters', responses: { 200: jsonContent(all, 'Every parameter and its value') } },
    },
  };
  for (const parameter of parameters) {
    const { name } = parameter;
    const path: Record<string, OpenApiOperation> = {
      get: { operationId: id(`getParameter_${name}`), tags: ['Parameters'], summary: `Value of ${name}`, responses: { 200: jsonContent(values.get(name) ?? {}, `The value of ${name}`) } },
    };
    if (parameter.expose) {
      const value = schemas.convert(parameter.schema, 'input', `${name}.input`);
      path.post = {
        operationId: id(`setParameter_${name}`),
        tags: ['Parameters'],
        summary: `Set ${name}`,
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { value }, required: ['value'] } } } },
        responses: {
          200: jsonContent({ type: 'string', const: 'OK' }, 'The new value is set'),
          422: componentRef('responses', 'ValidationError'),
          404: errorResponse('Unknown parameter'),
        },
      };
    }
    paths[`/~parameters/${name}`] = path;
  }
  return paths;
}

/** Names of the variables a service is known to store, offered as examples. */
function knownVariables(description: ServiceDescription): string[] {
  return [
    ...Object.keys(description.monitor.variables ?? {}),
    ...Object.values(description.entrypoints).filter((e) => e.monitor).flatMap((e) => [`${e.name}_request`, `${e.name}_response`]),
    ...Object.values(description.parameters).filter((p) => p.monitor).map((p) => p.name),
  ];
}

function monitorPaths(description: ServiceDescription, id: (wanted: string) => string): Paths {
  const known = knownVariables(description);
  const variables = {
    name: 'variables',
    in: 'query',
    description: 'Variables to read; repeat it for several. Every variable when omitted.',
    schema: { type: 'array', items: { type: 'string', ...(known.length ? { examples: known } : {}) } },
    style: 'form',
    explode: true,
  };
  const range = [componentRef('parameters', 'MonitorStart'), componentRef('parameters', 'MonitorEnd'), variables];
  const badTime = jsonContent(componentRef('schemas', 'HTTPValidationError'), '`start` or `end` is no ISO 8601 time');
  const op = (wanted: string, summary: string, rest: Pick<OpenApiOperation, 'parameters' | 'responses'>): Record<string, OpenApiOperation> => ({
    get: { operationId: id(wanted), tags: ['Monitoring'], summary, ...rest },
  });
  return {
    '/~monitor': op('readMonitor', 'Monitored values', {
      parameters: range,
      responses: {
        200: jsonContent({ type: 'object', additionalProperties: componentRef('schemas', 'TimeSeries') }, 'Time series by variable, in time order'),
        412: errorResponse('Unknown variable'),
        422: badTime,
        503: storeFailing,
      },
    }),
    '/~monitor/csv': op('readMonitorCsv', 'Monitored values as CSV files in a zip', {
      parameters: range,
      responses: {
        200: { description: '`csv_data.zip` with one `<variable>.csv` (`timestamp,value`) per variable', content: { 'application/zip': {} } },
        412: errorResponse('Nothing is monitored, or an unknown variable'),
        422: badTime,
        503: storeFailing,
      },
    }),
    '/~monitor/db': op('readMonitorDb', 'Dump of the monitoring database', {
      responses: {
        200: { description: 'SQL that any PostgreSQL server can restore', content: { 'application/sql': { schema: { type: 'string' } } } },
        503: storeFailing,
      },
    }),
    [HEALTH_PATH]: op('health', 'Liveness and readiness', {
      responses: {
        200: jsonContent(componentRef('schemas', 'Health'), 'The service is up and its monitoring store takes points'),
        503: jsonContent(componentRef('schemas', 'HealthNotReady'), 'The service is up, but not ready: it is restoring its parameters from the monitoring store, or the store cannot take points'),
      },
    }),
    '/~metrics': op('metrics', 'Operational metrics', {
      responses: {
        200: {
          description: 'Requests and latency per entrypoint, jobs and the store, in the Prometheus text format',
          content: { 'text/plain': { schema: { type: 'string' } } },
        },
      },
    }),
  };
}

/** The paths of the built-in routes: parameters, monitoring, health and metrics. */
export function builtInPaths(description: ServiceDescription, id: (wanted: string) => string, schemas: SchemaConverter): Paths {
  return { ...parameterPaths(Object.values(description.parameters), id, schemas), ...monitorPaths(description, id) };
}
