import { createResolver, isObject, type JsonObject, type Resolver } from '../../protocol/_schema-reading.ts';

/** The string at `key` of `node`, if it is one. */
export function stringAt(node: JsonObject, key: string): string | undefined {
  const value = node[key];
  return typeof value === 'string' ? value : undefined;
}

/** The number at `key` of `node`, if it is one. */
export function numberAt(node: JsonObject, key: string): number | undefined {
  const value = node[key];
  return typeof value === 'number' ? value : undefined;
}

/** The array at `key` of `node`, empty when there is none. */
export function arrayAt(node: JsonObject, key: string): readonly unknown[] {
  const value = node[key];
  return Array.isArray(value) ? value : [];
}

/** The object at `key` of `node`, empty when there is none. */
export function objectAt(node: JsonObject, key: string): JsonObject {
  const value = node[key];
  return isObject(value) ? value : {};
}

/** The last segment of a `$ref`: the name of the definition it points at. */
export const refName = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1);

/** One parameter of an operation (query, path or header). */
export interface ParameterDoc {
  readonly name: string;
  /** Where it goes: `query`, `path`, `header` or `cookie`. */
  readonly location: string;
  readonly required: boolean;
  readonly description?: string;
  /** Its JSON Schema, as written (maybe a `$ref`). */
  readonly schema: unknown;
}

/** One possible answer of an operation. */
export interface ResponseDoc {
  /** `200`, `422`, `default`… */
  readonly status: string;
  readonly description: string;
  /** The media types it may come as. */
  readonly media: readonly string[];
  /** The JSON Schema of a JSON answer; undefined when the answer is not JSON. */
  readonly schema: unknown;
}

/** One operation: a method on a path. */
export interface OperationDoc {
  readonly id: string;
  /** Lower case, as in the document: `get`, `post`… */
  readonly method: string;
  readonly path: string;
  readonly summary?: string;
  readonly description?: string;
  readonly parameters: readonly ParameterDoc[];
  /** The JSON Schema of the request body, when the operation takes a JSON body. */
  readonly body?: { readonly schema: unknown; readonly required: boolean };
  readonly responses: readonly ResponseDoc[];
  /** Whether it takes a bearer token (a service behind a manager): a browser sends its session, curl must send one. */
  readonly bearer: boolean;
}

/** The operations of one tag, in document order. */
export interface TagGroup {
  readonly name: string;
  readonly description?: string;
  readonly operations: readonly OperationDoc[];
}

/** What the page shows of an OpenAPI document. */
export interface ApiDoc {
  readonly title: string;
  readonly version?: string;
  readonly description?: string;
  readonly groups: readonly TagGroup[];
  readonly resolver: Resolver;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

const jsonSchemaOf = (content: JsonObject): unknown => {
  const json = content['application/json'];
  return isObject(json) ? json.schema ?? {} : undefined;
};

function readParameter(node: JsonObject): ParameterDoc | undefined {
  const name = stringAt(node, 'name');
  if (name === undefined) return undefined;
  const description = stringAt(node, 'description');
  const location = stringAt(node, 'in') ?? 'query';
  return { name, location, required: node.required === true || location === 'path', ...(description ? { description } : {}), schema: node.schema ?? {} };
}

// Whether a security requirement (the operation's, else the document's) names a bearer scheme;
// `[]` (or `[{}]`) opens the operation.
function takesBearer(requirements: readonly unknown[], schemes: JsonObject): boolean {
  return requirements.some((requirement) => isObject(requirement) && Object.keys(requirement).some((name) => {
    const scheme = objectAt(schemes, name);
    return scheme.type === 'http' && typeof scheme.scheme === 'string' && scheme.scheme.toLowerCase() === 'bearer';
  }));
}

function readOperation(path: string, method: string, node: JsonObject, { resolve }: Resolver, index: number, security: { readonly requirements: readonly unknown[]; readonly schemes: JsonObject }): OperationDoc {
  const parameters = arrayAt(node, 'parameters').map((p) => readParameter(resolve(p))).filter((p) => p !== undefined);
  const requestBody = node.requestBody === undefined ? undefined : resolve(node.requestBody);
  const bodySchema = requestBody && jsonSchemaOf(objectAt(requestBody, 'content'));
  const responses = Object.entries(objectAt(node, 'responses')).map(([status, value]): ResponseDoc => {
    const response = resolve(value);
    const content = objectAt(response, 'content');
    return { status, description: stringAt(response, 'description') ?? '', media: Object.keys(content), schema: jsonSchemaOf(content) };
  });
  const summary = stringAt(node, 'summary');
  const description = stringAt(node, 'description');
  return {
    id: stringAt(node, 'operationId') ?? `${method}-${index}`,
    method,
    path,
    ...(summary ? { summary } : {}),
    ...(description ? { description } : {}),
    parameters,
    ...(bodySchema === undefined ? {} : { body: { schema: bodySchema, required: requestBody?.required === true } }),
    responses,
    bearer: takesBearer(Array.isArray(node.security) ? node.security : security.requirements, security.schemes),
  };
}

/** Reads an OpenAPI 3 document into the operations the page shows, grouped by their first tag; throws a TypeError when `doc` is none. */
export function readApi(doc: unknown): ApiDoc {
  if (!isObject(doc) || typeof doc.openapi !== 'string' || !isObject(doc.paths)) throw new TypeError('This is not an OpenAPI document');
  const resolver = createResolver(doc);
  const info = objectAt(doc, 'info');
  const security = { requirements: arrayAt(doc, 'security'), schemes: objectAt(objectAt(doc, 'components'), 'securitySchemes') };
  const groups = new Map<string, { name: string; description?: string; operations: OperationDoc[] }>();
  for (const tag of arrayAt(doc, 'tags')) {
    const name = isObject(tag) ? stringAt(tag, 'name') : undefined;
    const description = isObject(tag) ? stringAt(tag, 'description') : undefined;
    if (name !== undefined) groups.set(name, { name, ...(description ? { description } : {}), operations: [] });
  }
  let index = 0;
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const node = item[method];
      if (!isObject(node)) continue;
      const tag = arrayAt(node, 'tags').find((t) => typeof t === 'string') ?? 'Other';
      const group = groups.get(tag) ?? { name: tag, operations: [] };
      groups.set(tag, group);
      group.operations.push(readOperation(path, method, node, resolver, index++, security));
    }
  }
  const version = stringAt(info, 'version');
  const description = stringAt(info, 'description');
  return {
    title: stringAt(info, 'title') ?? 'API',
    ...(version ? { version } : {}),
    ...(description ? { description } : {}),
    groups: [...groups.values()].filter((group) => group.operations.length > 0),
    resolver,
  };
}
