import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defineService } from '../../lib/service/define-service.ts';
import type { Schema } from '../../lib/service/types.ts';
import { toOpenApi, type OpenApiDocument, type OpenApiOperation } from '../../lib/runtime/openapi.ts';
import { createMemoryStore } from '../../lib/monitor/memory-store.ts';
import { hello } from '../../playground/hello.ts';
import { readJson, serviceApp } from './_service-app.ts';

type Json = Record<string, unknown>;

/** A Standard Schema from "another library", optionally describing itself as Standard JSON Schema. */
function foreignSchema(jsonSchema?: Json): Schema {
  return { '~standard': { version: 1, vendor: 'other', validate: (value: unknown) => ({ value }), ...(jsonSchema ? { jsonSchema } : {}) } };
}

type Tree = { label: string; children: Tree[] };
const tree: v.GenericSchema<Tree> = v.object({ label: v.string(), children: v.array(v.lazy(() => tree)) });

const dice = defineService({ name: 'dice', version: '1.2.3', description: 'Rolls dice.' })
  .parameter('threshold', v.pipe(v.number(), v.minValue(0), v.maxValue(1)), 0.5, { monitor: true })
  .parameter('mode', v.picklist(['fast', 'exact']), 'fast', { expose: false })
  .entrypoint('roll', v.object({ sides: v.optional(v.pipe(v.number(), v.integer()), 6), count: v.number() }), ({ sides, count }) => ({ total: sides * count }), {
    summary: 'Roll dice',
    description: 'Rolls `count` dice.',
    status: 201,
    monitor: true,
    output: v.object({ total: v.number() }),
  })
  .entrypoint('greet', v.object({ name: v.pipe(v.string(), v.description('Who')), polite: v.optional(v.boolean()) }), ({ name }) => `Hi ${name}`, { method: 'GET' })
  .entrypoint('parse', v.pipe(v.string(), v.transform(Number)), (n) => String(n), { output: v.pipe(v.string(), v.transform(Number)) })
  .entrypoint('grow', v.object({ tree }), () => null, { method: 'put' })
  .entrypoint('health', v.object({}), () => 'mine')
  .entrypoint('foreign', foreignSchema({ input: () => ({ $schema: 'x', type: 'object', properties: { a: { type: 'string' } } }), output: () => ({ type: 'number' }) }), () => 1, {
    output: foreignSchema({ input: () => ({ type: 'string' }), output: () => ({ type: 'integer' }) }),
  })
  .entrypoint('opaque', foreignSchema(), () => 1)
  .entrypoint('broken', foreignSchema({ input: () => { throw new Error('unsupported'); }, output: () => ({}) }), () => 1)
  .monitor({ variables: { temperature: v.number() } }).description;

const warn = vi.spyOn(console, 'warn');
let doc: OpenApiDocument;
beforeAll(() => {
  warn.mockImplementation(() => undefined);
  doc = toOpenApi(dice, { serverUrl: '/services/dice_1.2.3' });
});
afterAll(() => warn.mockRestore());

function operations(document: OpenApiDocument): [string, string, OpenApiOperation][] {
  return Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]): [string, string, OpenApiOperation] => [path, method, op]));
}

function pointer(document: unknown, ref: string): unknown {
  return ref.slice(2).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Json)[key] : undefined), document);
}

/** Follows `$ref`s until a plain object. */
function resolve(node: unknown): Json {
  let current = node as Json;
  while (typeof current?.$ref === 'string') current = pointer(doc, current.$ref) as Json;
  return current;
}

function collect(node: unknown, key: string, found: unknown[] = []): unknown[] {
  if (Array.isArray(node)) node.forEach((item) => collect(item, key, found));
  else if (node && typeof node === 'object') {
    for (const [k, value] of Object.entries(node)) {
      if (k === key) found.push(value);
      collect(value, key, found);
    }
  }
  return found;
}

const jsonSchemaOf = (holder: unknown) => (resolve(holder).content as Json)?.['application/json'] as { schema: Json } | undefined;

describe('toOpenApi', () => {
  it('describes the service and its root path', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toStrictEqual({ title: 'dice', version: '1.2.3', description: 'Rolls dice.' });
    expect(doc.servers).toStrictEqual([{ url: '/services/dice_1.2.3' }]);
    expect(toOpenApi(dice, { serverUrl: '' }).servers).toBeUndefined();
    expect(toOpenApi(dice).servers).toBeUndefined();
    expect(doc.tags.map((t) => t.name)).toStrictEqual(['Entrypoints', 'Parameters', 'Monitoring']);
  });

  it('is plain JSON whose every $ref resolves, with no $schema or $defs left inside', () => {
    expect(JSON.parse(JSON.stringify(doc))).toStrictEqual(doc);
    const refs = collect(doc, '$ref');
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref, String(ref)).toMatch(/^#\/components\//);
      expect(pointer(doc, ref as string), String(ref)).toBeTypeOf('object');
    }
    expect(collect(doc, '$schema')).toStrictEqual([]);
    expect(collect(doc, '$defs')).toStrictEqual([]);
  });

  it('gives every operation responses, a tag and a unique, stable operationId', () => {
    const ops = operations(doc);
    for (const [path, method, op] of ops) {
      expect(Object.keys(op.responses).length, `${method} ${path}`).toBeGreaterThan(0);
      expect(op.tags, `${method} ${path}`).toHaveLength(1);
    }
    const ids = ops.map(([, , op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toStrictEqual(operations(toOpenApi(dice)).map(([, , op]) => op.operationId));
    expect(ids).toStrictEqual([
      'roll', 'greet', 'parse', 'grow', 'health', 'foreign', 'opaque', 'broken',
      'getParameters', 'getParameter_threshold', 'setParameter_threshold', 'getParameter_mode',
      'readMonitor', 'readMonitorCsv', 'readMonitorDb', 'health_2', 'metrics',
    ]);
  });

  it('documents a POST entrypoint: body schema, its own success status and output, 422 and 500', () => {
    const op = doc.paths['/roll']?.post;
    expect(op).toMatchObject({ tags: ['Entrypoints'], summary: 'Roll dice', description: 'Rolls `count` dice.' });
    expect(op?.requestBody).toStrictEqual({
      required: true,
      content: { 'application/json': { schema: {
        type: 'object',
        properties: { sides: { type: 'integer', default: 6 }, count: { type: 'number' } },
        required: ['count'],
      } } },
    });
    expect(Object.keys(op?.responses ?? {})).toStrictEqual(['201', '422', '500']);
    expect(jsonSchemaOf(op?.responses['201'])?.schema).toStrictEqual({ type: 'object', properties: { total: { type: 'number' } }, required: ['total'] });
    expect(resolve(jsonSchemaOf(op?.responses['500'])?.schema).required).toStrictEqual(['detail']);
  });

  it('gives 422 answers the shape of the validation errors: detail of loc, msg, type', () => {
    const error = resolve(jsonSchemaOf(doc.paths['/roll']?.post?.responses['422'])?.schema);
    expect(error.required).toStrictEqual(['detail']);
    const item = resolve(((error.properties as Json).detail as Json).items);
    expect(item).toStrictEqual({
      type: 'object',
      properties: {
        loc: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
        msg: { type: 'string' },
        type: { type: 'string' },
      },
      required: ['loc', 'msg', 'type'],
    });
  });

  it('turns the fields of a GET entrypoint into query parameters and mentions the JSON body', () => {
    const op = doc.paths['/greet']?.get;
    expect(op?.requestBody).toBeUndefined();
    expect(op?.parameters).toStrictEqual([
      { name: 'name', in: 'query', required: true, description: 'Who', schema: { type: 'string', description: 'Who' } },
      { name: 'polite', in: 'query', required: false, schema: { type: 'boolean' } },
    ]);
    expect(op?.description).toMatch(/JSON body .* also accepted/);
    expect(op?.summary).toBeUndefined();
    expect(jsonSchemaOf(op?.responses['200'])?.schema).toStrictEqual({});
    // Without an output schema the answer is any JSON, and the document says why.
    expect(resolve(op?.responses['200']).description).toMatch(/any JSON value \(the entrypoint declares no `output` schema\)/);
    expect(resolve(doc.paths['/roll']?.post?.responses['201']).description).toBe('Successful answer');
  });

  it('describes a schema with a transform by the type it accepts, without throwing', () => {
    expect(jsonSchemaOf(doc.paths['/parse']?.post?.requestBody)?.schema).toStrictEqual({ type: 'string' });
    expect(jsonSchemaOf(doc.paths['/parse']?.post?.responses['200'])?.schema).toStrictEqual({ type: 'string' });
  });

  it('moves the definitions of a recursive schema into components', () => {
    const body = jsonSchemaOf(doc.paths['/grow']?.put?.requestBody)?.schema as Json;
    const children = ((((body.properties as Json).tree as Json).properties as Json).children as Json).items as Json;
    expect(children.$ref).toMatch(/^#\/components\/schemas\/grow\.input\./);
    const node = resolve(children);
    expect(node.required).toStrictEqual(['label', 'children']);
    expect(((node.properties as Json).children as Json).items).toStrictEqual(children);
  });

  it('uses the Standard JSON Schema of other libraries, and {} when there is none or it throws', () => {
    expect(jsonSchemaOf(doc.paths['/foreign']?.post?.requestBody)?.schema).toStrictEqual({ type: 'object', properties: { a: { type: 'string' } } });
    expect(jsonSchemaOf(doc.paths['/foreign']?.post?.responses['200'])?.schema).toStrictEqual({ type: 'integer' });
    expect(jsonSchemaOf(doc.paths['/opaque']?.post?.requestBody)?.schema).toStrictEqual({});
    expect(jsonSchemaOf(doc.paths['/broken']?.post?.requestBody)?.schema).toStrictEqual({});
  });

  it('documents parameters, with a POST only for exposed ones', () => {
    const all = jsonSchemaOf(doc.paths['/~parameters']?.get?.responses['200'])?.schema;
    expect(all).toStrictEqual({
      type: 'object',
      properties: { threshold: { type: 'number', minimum: 0, maximum: 1 }, mode: { enum: ['fast', 'exact'], type: 'string' } },
      required: ['threshold', 'mode'],
    });
    expect(jsonSchemaOf(doc.paths['/~parameters/mode']?.get?.responses['200'])?.schema).toStrictEqual({ enum: ['fast', 'exact'], type: 'string' });
    expect(Object.keys(doc.paths['/~parameters/mode'] ?? {})).toStrictEqual(['get']);
    const set = doc.paths['/~parameters/threshold']?.post;
    expect(set?.tags).toStrictEqual(['Parameters']);
    expect(jsonSchemaOf(set?.requestBody)?.schema).toStrictEqual({
      type: 'object',
      properties: { value: { type: 'number', minimum: 0, maximum: 1 } },
      required: ['value'],
    });
    expect(Object.keys(set?.responses ?? {})).toStrictEqual(['200', '404', '422']);
    expect(jsonSchemaOf(set?.responses['200'])?.schema).toStrictEqual({ type: 'string', const: 'OK' });
  });

  it('documents the monitoring routes, health and metrics', () => {
    const read = doc.paths['/~monitor']?.get;
    const params = (read?.parameters ?? []).map(resolve);
    expect(params.map((p) => [p.name, p.in, (p.schema as Json).type])).toStrictEqual([
      ['start', 'query', 'string'], ['end', 'query', 'string'], ['variables', 'query', 'array'],
    ]);
    expect((params[0]?.schema as Json | undefined)?.format).toBe('date-time');
    expect(params[2]).toMatchObject({ style: 'form', explode: true });
    expect(((params[2]?.schema as Json | undefined)?.items as Json | undefined)?.examples).toStrictEqual(['temperature', 'roll_request', 'roll_response', 'threshold']);
    const series = resolve(jsonSchemaOf(read?.responses['200'])?.schema.additionalProperties);
    expect(Object.keys(series.properties as Json)).toStrictEqual(['timestamp', 'value']);
    expect(Object.keys(read?.responses ?? {})).toStrictEqual(['200', '412', '422', '503']);
    expect(Object.keys(doc.paths['/~monitor/csv']?.get?.responses ?? {})).toStrictEqual(['200', '412', '422', '503']);
    expect(Object.keys(doc.paths['/~monitor/db']?.get?.responses ?? {})).toStrictEqual(['200', '503']);
    expect(Object.keys(doc.paths['/~monitor/csv']?.get?.responses['200']?.content as Json)).toStrictEqual(['application/zip']);
    expect(Object.keys(doc.paths['/~monitor/db']?.get?.responses['200']?.content as Json)).toStrictEqual(['application/sql']);
    expect(doc.paths['/~health']?.get?.tags).toStrictEqual(['Monitoring']);
    expect(Object.keys(doc.paths['/~metrics']?.get?.responses['200']?.content as Json)).toStrictEqual(['text/plain']);
    for (const path of ['/~monitor', '/~monitor/csv', '/~monitor/db', '/~health', '/~metrics']) {
      expect(doc.paths[path]?.get?.tags, path).toStrictEqual(['Monitoring']);
    }
  });
});

describe('the answers of /~health', () => {
  const schemaOf = (status: string) => resolve(jsonSchemaOf(doc.paths['/~health']?.get?.responses[status])?.schema);
  // Every required key there, every key documented, each of its documented type or const.
  const expectShape = (body: Json, schema: Json) => {
    const properties = schema.properties as Record<string, Json>;
    for (const key of schema.required as string[]) expect(body, key).toHaveProperty(key);
    for (const [key, value] of Object.entries(body)) {
      const property = properties[key];
      expect(property, `undocumented ${key}`).toBeDefined();
      if (property?.const === undefined) expect(typeof value, key).toBe(property?.type);
      else expect(value, key).toBe(property.const);
    }
  };

  it('are documented with the shape the service sends: ready (200) and not ready (503)', async () => {
    expect(Object.keys(doc.paths['/~health']?.get?.responses ?? {})).toStrictEqual(['200', '503']);
    const ready = serviceApp(hello);
    const failing = createMemoryStore();
    const notReady = serviceApp(hello, { store: Object.assign(failing, { status: () => ({ failing: 'disk full', full: false }) }) });
    try {
      await Promise.all([ready.started, notReady.started]);
      const up = await ready.app.request('/~health');
      expect(up.status).toBe(200);
      expectShape(await readJson(up), schemaOf('200'));
      const down = await notReady.app.request('/~health');
      expect(down.status).toBe(503);
      expectShape(await readJson(down), schemaOf('503'));
    } finally {
      await Promise.all([ready.close(), notReady.close()]);
    }
  });
});
