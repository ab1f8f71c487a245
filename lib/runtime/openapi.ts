import { HEALTH_PATH } from '../protocol/routes.ts';
import type { EntrypointDefinition, ParameterDefinition, ServiceDescription } from '../service/types.ts';
import { createSchemaConverter, type JsonSchema, type SchemaConverter } from './openapi-schema.ts';

/** Options of {@link toOpenApi}. */
export interface OpenApiOptions {
  /** Root path the service answers under, such as `/services/dice_1.0.0`; `""` or absent when run alone. */
  readonly serverUrl?: string;
}

/** One operation of an OpenAPI document. */
export interface OpenApiOperation {
  readonly operationId: string;
  readonly tags: readonly string[];
  readonly summary?: string;
  readonly description?: string;
  readonly parameters?: readonly JsonSchema[];
  readonly requestBody?: JsonSchema;
  readonly responses: Readonly<Record<string, JsonSchema>>;
}

/** An OpenAPI 3.1 document, as plain JSON. */
export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: { readonly title: string; readonly version: string; readonly description?: string };
  readonly servers?: readonly { readonly url: string }[];
  readonly tags: readonly { readonly name: string; readonly description: string }[];
  readonly paths: Readonly<Record<string, Readonly<Record<string, OpenApiOperation>>>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, JsonSchema>>;
    readonly responses: Readonly<Record<string, JsonSchema>>;
    readonly parameters: Readonly<Record<string, JsonSchema>>;
  };
}

type Paths = Record<string, Record<string, OpenApiOperation>>;

const json = (schema: JsonSchema, description: string) => ({ description, content: { 'application/json': { schema } } });
const ref = (kind: 'schemas' | 'responses' | 'parameters', name: string) => ({ $ref: `#/components/${kind}/${name}` });
const errorResponse = (description: string) => json(ref('schemas', 'HTTPError'), description);

const COMPONENTS = {
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
      properties: { detail: { type: 'array', items: ref('schemas', 'ValidationError') } },
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
  },
  responses: {
    ValidationError: json(ref('schemas', 'HTTPValidationError'), 'Invalid input or malformed JSON'),
    ServerError: errorResponse('The handler failed'),
  },
  parameters: {
    MonitorStart: { name: 'start', in: 'query', description: 'First moment, inclusive (ISO 8601).', schema: { type: 'string', format: 'date-time' } },
    MonitorEnd: { name: 'end', in: 'query', description: 'Last moment, inclusive (ISO 8601).', schema: { type: 'string', format: 'date-time' } },
  },
} as const;

const TAGS = [
  { name: 'Entrypoints', description: 'The functions this service offers.' },
  { name: 'Parameters', description: 'Values that tune the service while it runs.' },
  { name: 'Monitoring', description: 'Stored monitoring data, the health of the service and its metrics.' },
];

/** The query parameters a GET entrypoint reads: the properties of its object schema (undefined when it has none). */
function queryParameters(schema: JsonSchema): JsonSchema[] | undefined {
  const properties = schema.properties;
  if (schema.type !== 'object' || typeof properties !== 'object' || properties === null) return undefined;
  const required = Array.isArray(schema.required) ? schema.required : [];
  return Object.entries(properties as Record<string, JsonSchema>).map(([name, property]) => ({
    name,
    in: 'query',
    required: required.includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

function entrypointOperation(entry: EntrypointDefinition, operationId: string, schemas: SchemaConverter): OpenApiOperation {
  const input = schemas.convert(entry.input, 'input', `${entry.name}.input`);
  const output = schemas.convert(entry.output, 'output', `${entry.name}.output`);
  const isGet = entry.method === 'GET';
  const parameters = isGet ? queryParameters(input) : undefined;
  // fetch() cannot send a body with GET, yet the seed's clients do: say so instead of declaring a GET body.
  const getNote = parameters
    ? 'Arguments go in the query string; a JSON body with the same fields is also accepted.'
    : 'Takes a JSON body, sent with the GET request.';
  const description = [entry.description, isGet ? getNote : undefined].filter(Boolean).join('\n\n');
  return {
    operationId,
    tags: ['Entrypoints'],
    ...(entry.summary === undefined ? {} : { summary: entry.summary }),
    ...(description === '' ? {} : { description }),
    ...(isGet ? { parameters: parameters ?? [] } : { requestBody: { required: true, content: { 'application/json': { schema: input } } } }),
    responses: {
      [entry.status]: json(output, 'Successful answer'),
      422: ref('responses', 'ValidationError'),
      500: ref('responses', 'ServerError'),
    },
  };
}

function parameterPaths(parameters: readonly ParameterDefinition[], id: (wanted: string) => string, schemas: SchemaConverter): Paths {
  const values = new Map(parameters.map((p) => [p.name, schemas.convert(p.schema, 'output', `${p.name}.value`)]));
  const all = { type: 'object', properties: Object.fromEntries(values), required: [...values.keys()] };
  const paths: Paths = {
    '/~parameters': {
      get: { operationId: id('getParameters'), tags: ['Parameters'], summary: 'All parameters', responses: { 200: json(all, 'Every parameter and its value') } },
    },
  };
  for (const parameter of parameters) {
    const { name } = parameter;
    const path: Record<string, OpenApiOperation> = {
      get: { operationId: id(`getParameter_${name}`), tags: ['Parameters'], summary: `Value of ${name}`, responses: { 200: json(values.get(name) ?? {}, `The value of ${name}`) } },
    };
    if (parameter.expose) {
      const value = schemas.convert(parameter.schema, 'input', `${name}.input`);
      path.post = {
        operationId: id(`setParameter_${name}`),
        tags: ['Parameters'],
        summary: `Set ${name}`,
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { value }, required: ['value'] } } } },
        responses: {
          200: json({ type: 'string', const: 'OK' }, 'The new value is set'),
          422: ref('responses', 'ValidationError'),
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
  const range = [ref('parameters', 'MonitorStart'), ref('parameters', 'MonitorEnd'), variables];
  const op = (wanted: string, summary: string, rest: Pick<OpenApiOperation, 'parameters' | 'responses'>): Record<string, OpenApiOperation> => ({
    get: { operationId: id(wanted), tags: ['Monitoring'], summary, ...rest },
  });
  return {
    '/~monitor': op('readMonitor', 'Monitored values', {
      parameters: range,
      responses: {
        200: json({ type: 'object', additionalProperties: ref('schemas', 'TimeSeries') }, 'Time series by variable, in time order'),
        412: errorResponse('Unknown variable'),
      },
    }),
    '/~monitor/csv': op('readMonitorCsv', 'Monitored values as CSV files in a zip', {
      parameters: range,
      responses: {
        200: { description: '`csv_data.zip` with one `<variable>.csv` (`timestamp,value`) per variable', content: { 'application/zip': {} } },
        412: errorResponse('Nothing is monitored, or an unknown variable'),
      },
    }),
    '/~monitor/db': op('readMonitorDb', 'Dump of the monitoring database', {
      responses: { 200: { description: 'SQL that any PostgreSQL server can restore', content: { 'application/sql': { schema: { type: 'string' } } } } },
    }),
    [HEALTH_PATH]: op('health', 'Liveness and readiness', { responses: { 200: json({}, 'The service is up') } }),
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

/**
 * The OpenAPI 3.1 document of a service: its entrypoints, parameters and monitoring routes.
 * @example
 * const doc = toOpenApi(dice.description, { serverUrl: '/services/dice_1.0.0' });
 */
export function toOpenApi(description: ServiceDescription, options: OpenApiOptions = {}): OpenApiDocument {
  const schemas = createSchemaConverter();
  // Entrypoints keep their names as ids; a built-in route that collides with one takes a suffix.
  const taken = new Set(Object.keys(description.entrypoints));
  const id = (wanted: string) => {
    let candidate = wanted;
    for (let n = 2; taken.has(candidate); n++) candidate = `${wanted}_${n}`;
    taken.add(candidate);
    return candidate;
  };
  const paths: Paths = {};
  for (const entry of Object.values(description.entrypoints)) {
    paths[`/${entry.name}`] = { [entry.method.toLowerCase()]: entrypointOperation(entry, entry.name, schemas) };
  }
  Object.assign(paths, parameterPaths(Object.values(description.parameters), id, schemas), monitorPaths(description, id));
  return {
    openapi: '3.1.0',
    info: {
      title: description.name,
      version: description.version,
      ...(description.description === undefined ? {} : { description: description.description }),
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags: TAGS,
    paths,
    components: { ...COMPONENTS, schemas: { ...COMPONENTS.schemas, ...schemas.definitions } },
  };
}
