import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { constraintsOf, inputKind, parameterFields, readInput, toInputText } from '../../lib/dashboard/_parameter-fields.ts';
import { toOpenApi } from '../../lib/runtime/openapi.ts';
import type { JsonSchema } from '../../lib/runtime/openapi-schema.ts';
import { defineService } from '../../lib/service/define-service.ts';

// The document the dashboard reads, made by the runtime from a service's own schemas.
const Point = v.object({ x: v.number(), y: v.number() });
const service = defineService({ name: 'tuned', version: '1.0.0' })
  .parameter('threshold', v.pipe(v.number(), v.minValue(0), v.maxValue(1)), 0.6)
  .parameter('window', v.pipe(v.number(), v.integer(), v.minValue(1)), 100)
  .parameter('greeting', v.pipe(v.string(), v.minLength(1), v.maxLength(20)), 'Hello')
  .parameter('mode', v.picklist(['fast', 'exact']), 'fast')
  .parameter('verbose', v.boolean(), false)
  .parameter('origin', Point, { x: 0, y: 0 })
  .parameter('secret', v.string(), 'kept', { expose: false });
const doc = toOpenApi(service.description);
const values = { threshold: 0.6, window: 100, greeting: 'Hello', mode: 'fast', verbose: false, origin: { x: 0, y: 0 }, secret: 'kept' };

describe('parameterFields', () => {
  test('offers the exposed parameters with their schemas, sorted, and shows the others read-only', () => {
    const fields = parameterFields(values, doc);
    expect(fields.map((field) => [field.name, field.exposed, field.kind])).toStrictEqual([
      ['greeting', true, 'text'],
      ['mode', true, 'choice'],
      ['origin', true, 'json'],
      ['secret', false, 'json'],
      ['threshold', true, 'number'],
      ['verbose', true, 'boolean'],
      ['window', true, 'integer'],
    ]);
    expect(fields.find((field) => field.name === 'threshold')).toMatchObject({ value: 0.6, schema: { type: 'number', minimum: 0, maximum: 1 } });
    expect(fields.find((field) => field.name === 'origin')!.schema).toMatchObject({ type: 'object', required: ['x', 'y'] });
  });

  test('offers nothing for editing without a document (a service of another kind)', () => {
    expect(parameterFields({ b: 1, a: 'x' }, undefined)).toStrictEqual([
      { name: 'a', value: 'x', exposed: false, schema: {}, kind: 'json' },
      { name: 'b', value: 1, exposed: false, schema: {}, kind: 'json' },
    ]);
  });

  test('follows references to the body and to the value; a cycle or a reference out of the document describes nothing', () => {
    const post = doc.paths['/~parameters/threshold']!.post!;
    const setting = (schema: JsonSchema) => ({ post: { ...post, requestBody: { content: { 'application/json': { schema } } } } });
    const valueAt = (ref: string) => setting({ type: 'object', properties: { value: { $ref: ref } } });
    const withRefs = {
      ...doc,
      paths: {
        '/~parameters/chain': setting({ $ref: '#/components/schemas/Body' }),
        '/~parameters/loop': valueAt('#/components/schemas/Loop'),
        '/~parameters/remote': valueAt('https://example.com/schema'),
        '/~parameters/missing': valueAt('#/components/schemas/Nope'),
      },
      components: { ...doc.components, schemas: { Body: { type: 'object', properties: { value: { $ref: '#/components/schemas/A' } } }, A: { $ref: '#/components/schemas/B' }, B: { type: 'number' }, Loop: { $ref: '#/components/schemas/Loop' } } },
    };
    expect(parameterFields({ chain: 1, loop: 1, remote: 1, missing: 1 }, withRefs).map((field) => [field.name, field.exposed, field.schema, field.kind])).toStrictEqual([
      ['chain', true, { type: 'number' }, 'number'],
      ['loop', true, {}, 'json'],
      ['missing', true, {}, 'json'],
      ['remote', true, {}, 'json'],
    ]);
  });
});

describe('constraintsOf', () => {
  test.each([
    [{ type: 'number', minimum: 0, maximum: 1 }, ['≥ 0', '≤ 1']],
    [{ type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 10, multipleOf: 0.5 }, ['> 0', '< 10', 'multiple of 0.5']],
    [{ type: 'string', minLength: 1, maxLength: 20 }, ['1–20 characters']],
    [{ type: 'string', minLength: 3 }, ['at least 3 characters']],
    [{ type: 'string', minLength: 1 }, ['at least 1 character']],
    [{ type: 'string', minLength: 0, maxLength: 1 }, ['0–1 character']],
    [{ type: 'string', maxLength: 3, pattern: '^[a-z]+$' }, ['at most 3 characters', 'matches ^[a-z]+$']],
    [{ enum: [1, { a: 1 }] }, ['one of 1, {"a":1}']],
    [{ type: 'string', enum: ['fast', 'exact'] }, []],
  ])('%j says %j', (schema, said) => expect(constraintsOf(schema)).toStrictEqual(said));
});

describe('reading an input', () => {
  test('reads numbers, choices, flags, text and JSON, saying what is wrong with the input itself', () => {
    const choice = { kind: inputKind({ enum: ['fast', 1] }), schema: { enum: ['fast', 1] } } as const;
    expect([readInput(choice, '1'), readInput(choice, 'fast'), readInput(choice, 'slow')]).toStrictEqual([{ value: 1 }, { value: 'fast' }, { error: 'Pick one of the choices' }]);
    const number = { kind: 'number', schema: {} } as const;
    expect([readInput(number, '1.5'), readInput(number, ' '), readInput(number, 'x')]).toStrictEqual([{ value: 1.5 }, { error: 'Enter a number' }, { error: 'Enter a number' }]);
    // The schema's rules are the service's to check, in its own words: 1.5 is sent for an integer.
    expect(readInput({ kind: 'integer', schema: {} }, '1.5')).toStrictEqual({ value: 1.5 });
    expect([readInput({ kind: 'boolean', schema: {} }, 'true'), readInput({ kind: 'boolean', schema: {} }, 'false')]).toStrictEqual([{ value: true }, { value: false }]);
    expect(readInput({ kind: 'text', schema: {} }, ' as typed ')).toStrictEqual({ value: ' as typed ' });
    expect(readInput({ kind: 'json', schema: {} }, '{"x": 1}')).toStrictEqual({ value: { x: 1 } });
    expect(readInput({ kind: 'json', schema: {} }, '{x}')).toStrictEqual({ error: expect.stringMatching(/^Not valid JSON: /) });
  });

  test('shows a value in its input', () => {
    expect([toInputText('number', 0.6), toInputText('text', 'Hi'), toInputText('boolean', false), toInputText('text', null)]).toStrictEqual(['0.6', 'Hi', 'false', '']);
    expect(toInputText('json', { x: 0 })).toBe('{\n  "x": 0\n}');
  });
});
