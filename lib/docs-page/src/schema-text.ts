import { boundsOf, isObject, type JsonObject } from '../../protocol/_schema-reading.ts';
import { arrayAt, refName, stringAt } from './openapi-model.ts';

/** What a schema that says nothing accepts. */
export const ANY = 'any JSON';

/** The JSON types a schema names, `object` when it only lists properties. */
export function typesOf(schema: JsonObject): string[] {
  const { type } = schema;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string');
  return isObject(schema.properties) ? ['object'] : [];
}

const alternativesOf = (schema: JsonObject): readonly unknown[] => {
  const anyOf = arrayAt(schema, 'anyOf');
  return anyOf.length ? anyOf : arrayAt(schema, 'oneOf');
};

/**
 * A short type expression for people: `integer`, `string<date-time>`, `"fast" | "exact"`,
 * `Tree[]`, `any JSON`; a reference shows by the name of its definition.
 */
export function typeLabel(schema: unknown, depth = 0): string {
  if (depth > 4) return '…';
  if (!isObject(schema)) return ANY;
  const ref = stringAt(schema, '$ref');
  if (ref !== undefined) return refName(ref);
  if ('const' in schema) return JSON.stringify(schema.const);
  const options = arrayAt(schema, 'enum');
  if (options.length) return options.map((option) => JSON.stringify(option)).join(' | ');
  const alternatives = alternativesOf(schema);
  if (alternatives.length) return alternatives.map((a) => typeLabel(a, depth + 1)).join(' | ');
  const all = arrayAt(schema, 'allOf');
  if (all.length) return all.map((a) => typeLabel(a, depth + 1)).join(' & ');
  const names = typesOf(schema).map((type) => {
    if (type === 'array') {
      const item = typeLabel(schema.items ?? {}, depth + 1);
      return `${item.includes(' ') ? `(${item})` : item}[]`;
    }
    if (type === 'object' && !isObject(schema.properties) && isObject(schema.additionalProperties)) {
      return `map of ${typeLabel(schema.additionalProperties, depth + 1)}`;
    }
    const format = stringAt(schema, 'format');
    return type === 'string' && format ? `string<${format}>` : type;
  });
  return names.length ? names.join(' | ') : ANY;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// What follows the bounds of a number: `boundsOf` words those for the dashboard too.
const RULES: readonly [keyword: string, text: (value: unknown) => string | undefined][] = [
  ['minLength', (v) => (typeof v === 'number' ? `at least ${plural(v, 'character')}` : undefined)],
  ['maxLength', (v) => (typeof v === 'number' ? `at most ${plural(v, 'character')}` : undefined)],
  ['pattern', (v) => (typeof v === 'string' ? `matches /${v}/` : undefined)],
  ['minItems', (v) => (typeof v === 'number' ? `at least ${plural(v, 'item')}` : undefined)],
  ['maxItems', (v) => (typeof v === 'number' ? `at most ${plural(v, 'item')}` : undefined)],
  ['uniqueItems', (v) => (v === true ? 'unique items' : undefined)],
  ['minProperties', (v) => (typeof v === 'number' ? `at least ${plural(v, 'entry', 'entries')}` : undefined)],
  ['maxProperties', (v) => (typeof v === 'number' ? `at most ${plural(v, 'entry', 'entries')}` : undefined)],
  ['default', (v) => `default ${JSON.stringify(v)}`],
];

/** The rules a value must follow, for people: `≥ 1`, `at most 20 characters`, `default 100`… */
export function constraintsOf(schema: JsonObject): string[] {
  return [...boundsOf(schema), ...RULES.flatMap(([keyword, text]) => {
    if (!(keyword in schema)) return [];
    const line = text(schema[keyword]);
    return line === undefined ? [] : [line];
  })];
}
