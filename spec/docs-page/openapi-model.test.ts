import { describe, expect, it } from 'vitest';
import { readApi } from '../../lib/docs-page/src/openapi-model.ts';
import { createResolver } from '../../lib/protocol/_schema-reading.ts';
import { toOpenApi } from '../../lib/runtime/openapi.ts';
import { docsDemo } from './_docs-service.ts';

describe('readApi', () => {
  // The document the page reads is the one services serve: read it, not a hand-made copy.
  const api = readApi(JSON.parse(JSON.stringify(toOpenApi(docsDemo.description, { serverUrl: '/services/docs_demo_1.2.0' }))));

  it('reads the title and groups the operations by their tag, in document order', () => {
    expect([api.title, api.version, api.description]).toStrictEqual(['docs_demo', '1.2.0', 'Classifies flowers and keeps a `history` of them.']);
    expect(api.groups.map((group) => [group.name, group.operations.map((op) => `${op.method} ${op.path}`)])).toStrictEqual([
      ['Entrypoints', ['post /predict', 'get /history', 'post /echo']],
      ['Parameters', ['get /~parameters', 'get /~parameters/threshold', 'post /~parameters/threshold']],
      ['Monitoring', ['get /~monitor', 'get /~monitor/csv', 'get /~monitor/db', 'get /~health', 'get /~metrics']],
    ]);
  });

  it('resolves shared parameters and responses, and keeps the schemas of query parameters whole', () => {
    const [, history] = api.groups[0]!.operations;
    expect(history!.parameters.map((p) => [p.name, p.location, p.required, p.schema])).toStrictEqual([
      ['window', 'query', false, { type: 'integer', minimum: 1, description: 'How many of the latest answers.', default: 100 }],
      ['label', 'query', false, { enum: ['setosa', 'virginica'], type: 'string' }],
      ['exact', 'query', false, { type: 'boolean' }],
    ]);
    const monitor = api.groups[2]!.operations[0]!;
    expect(monitor.parameters.map((p) => p.name)).toStrictEqual(['start', 'end', 'variables']);
    expect(monitor.responses.map((r) => [r.status, r.media])).toStrictEqual([['200', ['application/json']], ['412', ['application/json']], ['422', ['application/json']], ['503', ['application/json']]]);
    const csv = api.groups[2]!.operations[1]!;
    expect(csv.responses[0]).toMatchObject({ status: '200', media: ['application/zip'], schema: undefined });
    const predict = api.groups[0]!.operations[0]!;
    expect(predict.body?.required).toBe(true);
    expect(predict.responses.map((r) => [r.status, r.description])).toStrictEqual([['200', 'Successful answer'], ['422', 'Invalid input or malformed JSON'], ['500', 'The handler failed']]);
  });

  it('tells the operations that take a bearer token, by the document’s security or their own', () => {
    expect(api.groups.flatMap((group) => group.operations).some((op) => op.bearer)).toBe(false);
    const guarded = readApi(JSON.parse(JSON.stringify(toOpenApi(docsDemo.description, { managerToken: true }))));
    const bearer = Object.fromEntries(guarded.groups.flatMap((group) => group.operations).map((op) => [`${op.method} ${op.path}`, op.bearer]));
    expect([bearer['post /predict'], bearer['get /~parameters'], bearer['get /~health']]).toStrictEqual([true, true, false]);
  });

  it('refuses what is no OpenAPI document', () => {
    for (const doc of [null, [], { paths: {} }, { openapi: '3.1.0' }, { openapi: '3.1.0', paths: [] }]) expect(() => readApi(doc)).toThrow(TypeError);
  });

  it('reads a document of another origin: untagged operations go under Other, odd entries are skipped', () => {
    const other = readApi({
      openapi: '3.0.3',
      paths: { '/x/{id}': { get: { parameters: [{ name: 'id', in: 'path' }, { in: 'query' }], responses: { default: { description: 'Any' } } }, trace: {}, post: 'nope' }, '/y': null },
    });
    expect(other.title).toBe('API');
    expect(other.groups).toHaveLength(1);
    expect(other.groups[0]!.name).toBe('Other');
    expect(other.groups[0]!.operations[0]).toMatchObject({ id: 'get-0', parameters: [{ name: 'id', location: 'path', required: true, schema: {} }], responses: [{ status: 'default', description: 'Any', media: [] }] });
  });
});

describe('createResolver', () => {
  it('follows chains of local references, and gives {} for a broken, remote or endless one', () => {
    const { resolve } = createResolver({ a: { $ref: '#/b' }, b: { $ref: '#/c~1d' }, 'c/d': { type: 'string' }, loop: { $ref: '#/loop' } });
    expect(resolve({ $ref: '#/a' })).toStrictEqual({ type: 'string' });
    expect(resolve({ $ref: '#/nope' })).toStrictEqual({});
    expect(resolve({ $ref: 'https://example.org/x.json' })).toStrictEqual({});
    expect(resolve({ $ref: '#/loop' })).toStrictEqual({});
    expect(resolve('x')).toStrictEqual({});
    // At most 32 hops: a chain of 32 references resolves, one more does not.
    const chain = (length: number) => createResolver(Object.fromEntries(Array.from({ length }, (_, n) => [`r${n}`, n < length - 1 ? { $ref: `#/r${n + 1}` } : { type: 'integer' }])));
    expect([chain(32).resolve({ $ref: '#/r0' }), chain(33).resolve({ $ref: '#/r0' })]).toStrictEqual([{ type: 'integer' }, {}]);
  });
});
