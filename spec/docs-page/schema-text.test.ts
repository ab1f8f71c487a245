import { describe, expect, it } from 'vitest';
import { constraintsOf, typeLabel, typesOf } from '../../lib/docs-page/src/schema-text.ts';

describe('typeLabel', () => {
  it('names types as people read them', () => {
    expect(typeLabel({ type: 'integer', minimum: 1 })).toBe('integer');
    expect(typeLabel({ type: 'string', format: 'date-time' })).toBe('string<date-time>');
    expect(typeLabel({ enum: ['fast', 'exact'], type: 'string' })).toBe('"fast" | "exact"');
    expect(typeLabel({ const: 'OK' })).toBe('"OK"');
    expect(typeLabel({ type: ['number', 'null'] })).toBe('number | null');
    expect(typeLabel({ anyOf: [{ type: 'string' }, { type: 'integer' }] })).toBe('string | integer');
    expect(typeLabel({ type: 'array', items: { type: ['number', 'string'] } })).toBe('(number | string)[]');
    expect(typeLabel({ type: 'array', items: { $ref: '#/components/schemas/Tree' } })).toBe('Tree[]');
    expect(typeLabel({ type: 'object', additionalProperties: { $ref: '#/components/schemas/TimeSeries' } })).toBe('map of TimeSeries');
    expect(typeLabel({ properties: { a: {} } })).toBe('object');
  });

  it('says "any JSON" where the schema says nothing, and stops deep nesting', () => {
    expect(typeLabel({})).toBe('any JSON');
    expect(typeLabel(undefined)).toBe('any JSON');
    expect(typeLabel({ type: 'array', items: {} })).toBe('(any JSON)[]');
    const deep = { type: 'array', items: { type: 'array', items: { type: 'array', items: { type: 'array', items: { type: 'array', items: { type: 'array', items: {} } } } } } };
    expect(typeLabel(deep)).toBe('…[][][][][]');
  });
});

describe('constraintsOf', () => {
  it('spells out every rule and the default, in a stable order', () => {
    expect(constraintsOf({ type: 'integer', default: 100, minimum: 1 })).toStrictEqual(['≥ 1', 'default 100']);
    expect(constraintsOf({ exclusiveMinimum: 0, exclusiveMaximum: 1, multipleOf: 0.5 })).toStrictEqual(['> 0', '< 1', 'multiple of 0.5']);
    expect(constraintsOf({ minLength: 1, maxLength: 20, pattern: '^a' })).toStrictEqual(['at least 1 character', 'at most 20 characters', 'matches /^a/']);
    expect(constraintsOf({ minItems: 2, maxItems: 1, uniqueItems: true })).toStrictEqual(['at least 2 items', 'at most 1 item', 'unique items']);
    expect(constraintsOf({ minProperties: 1, maxProperties: 3 })).toStrictEqual(['at least 1 entry', 'at most 3 entries']);
    expect(constraintsOf({ default: 'fast' })).toStrictEqual(['default "fast"']);
  });

  it('ignores rules of the wrong type instead of printing nonsense', () => {
    expect(constraintsOf({ minimum: '1', pattern: 3, uniqueItems: false })).toStrictEqual([]);
  });
});

describe('typesOf', () => {
  it('reads a type, a list of types, or properties alone', () => {
    expect(typesOf({ type: 'string' })).toStrictEqual(['string']);
    expect(typesOf({ type: ['string', 7, 'null'] })).toStrictEqual(['string', 'null']);
    expect(typesOf({ properties: {} })).toStrictEqual(['object']);
    expect(typesOf({})).toStrictEqual([]);
  });
});
