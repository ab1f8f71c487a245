import type { EntrypointDefinition, ServiceDescription } from '../service/types.ts';
import { HEALTH_PATH } from '../protocol/routes.ts';
import { BUILT_IN_COMPONENTS, builtInPaths, componentRef, jsonContent, type Paths } from './_openapi-built-in-routes.ts';
import { createSchemaConverter, type JsonSchema, type SchemaConverter } from './openapi-schema.ts';

/** Options of {@link toOpenApi}. */
export interface OpenApiOptions {
  /** Root path the service answers under, such as `/services/dice_1.0.0`; `""` or absent when run alone. */
  readonly serverUrl?: string;
  /** Whether every route but `/~health` takes only a token the manager issued (behind a manager). */
  readonly managerToken?: boolean;
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
  /** `[]` on the one open route of a service that takes tokens. */
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
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
    readonly securitySchemes?: Readonly<Record<string, JsonSchema>>;
  };
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
}

// The token a service behind a manager takes, as clients and the docs page send it.
const MANAGER_TOKEN_SCHEME = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description: 'A token the manager issued: `mvi token` makes one; a browser logged in to the manager sends its session.',
};

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
      // Without an output schema nothing is known of the answer but that it is JSON: say why.
      [entry.status]: jsonContent(output, entry.output === undefined ? 'Successful answer: any JSON value (the entrypoint declares no `output` schema)' : 'Successful answer'),
      422: componentRef('responses', 'ValidationError'),
      500: componentRef('responses', 'ServerError'),
    },
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
  Object.assign(paths, builtInPaths(description, id, schemas));
  if (options.managerToken) paths[HEALTH_PATH] = { get: { ...paths[HEALTH_PATH]!.get!, security: [] } };
  const components = { ...BUILT_IN_COMPONENTS, schemas: { ...BUILT_IN_COMPONENTS.schemas, ...schemas.definitions } };
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
    ...(options.managerToken
      ? { components: { ...components, securitySchemes: { managerToken: MANAGER_TOKEN_SCHEME } }, security: [{ managerToken: [] }] }
      : { components }),
  };
}
