import { describe, expect, it } from 'vitest';
import { exampleOf } from '../../lib/docs-page/src/example-value.ts';
import { createResolver } from '../../lib/protocol/_schema-reading.ts';

const now = new Date('2026-12-01T10:20:30.456Z');
const doc = {
  components: {
    schemas: {
      Tree: { type: 'object', properties: { label: { type: 'string' }, children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } } } },
      Alias: { $ref: '#/components/schemas/Tree' },
    },
  },
};
const example = (schema: unknown) => exampleOf(schema, createResolver(doc), now);

describe('exampleOf', () => {
  it('takes what the schema offers first: examples, example, default, const, enum', () => {
    expect(example({ type: 'string', examples: ['temperature', 'x'] })).toBe('temperature');
    expect(example({ type: 'integer', example: 3, default: 4 })).toBe(3);
    expect(example({ type: 'integer', default: 100, minimum: 1 })).toBe(100);
    expect(example({ const: 'OK' })).toBe('OK');
    expect(example({ enum: ['fast', 'exact'] })).toBe('fast');
  });

  it('builds a value that passes the rules of numbers and strings', () => {
    expect(example({ type: 'integer', minimum: 2, maximum: 1000 })).toBe(2);
    expect(example({ type: 'integer', exclusiveMinimum: 0 })).toBe(1);
    expect(example({ type: 'number', exclusiveMinimum: 0 })).toBe(0.5);
    expect(example({ type: 'number', minimum: 5, maximum: 3 })).toBe(3);
    expect(example({ type: 'number' })).toBe(0);
    expect(example({ type: 'string', minLength: 9 })).toBe('stringxxx');
    expect(example({ type: 'string', format: 'date-time' })).toBe('2026-12-01T10:20:30.456Z');
    expect(example({ type: 'string', format: 'date' })).toBe('2026-12-01');
    expect(example({ type: 'string', format: 'email' })).toBe('user@example.org');
    expect(example({ type: ['null', 'boolean'] })).toBe(true);
    expect(example({ type: 'null' })).toBeNull();
  });

  it('fills objects and arrays, prefers a non-null alternative, merges allOf', () => {
    expect(example({ type: 'object', properties: { a: { type: 'integer' }, b: { type: 'array', items: { type: 'string' } } } })).toStrictEqual({ a: 0, b: ['string'] });
    expect(example({ anyOf: [{ type: 'null' }, { type: 'string' }] })).toBe('string');
    expect(example({ allOf: [{ properties: { a: { const: 1 } } }, { properties: { b: { const: 2 } } }] })).toStrictEqual({ a: 1, b: 2 });
    expect(example({ type: 'array' })).toStrictEqual([]);
    expect(example({})).toStrictEqual({});
  });

  it('ends a recursive reference instead of recursing forever', () => {
    // The alias and the tree are two references: the tree shows once inside itself, then ends.
    expect(example({ $ref: '#/components/schemas/Alias' })).toStrictEqual({ label: 'string', children: [{ label: 'string', children: [] }] });
    expect(example({ $ref: '#/components/schemas/Tree' })).toStrictEqual({ label: 'string', children: [] });
  });
});
