import { isObject, type JsonObject, type Resolver } from '../../protocol/_schema-reading.ts';
import { arrayAt, numberAt, objectAt, stringAt } from './openapi-model.ts';
import { typesOf } from './schema-text.ts';

const byFormat = (format: string | undefined, now: Date): string | undefined => {
  const iso = now.toISOString();
  switch (format) {
    case 'date-time': return iso;
    case 'date': return iso.slice(0, 10);
    case 'time': return iso.slice(11, 19);
    case 'email': return 'user@example.org';
    case 'uuid': return '00000000-0000-4000-8000-000000000000';
    case 'uri': case 'url': return 'https://example.org/';
    default: return undefined;
  }
};

function numberExample(schema: JsonObject, integer: boolean): number {
  const exclusive = numberAt(schema, 'exclusiveMinimum');
  const step = integer ? 1 : 0.5;
  const low = numberAt(schema, 'minimum') ?? (exclusive === undefined ? 0 : exclusive + step);
  const high = numberAt(schema, 'maximum') ?? numberAt(schema, 'exclusiveMaximum');
  return high !== undefined && low > high ? high : low;
}

/**
 * A value that passes `schema`, as a starting point for a request: its first example, its default,
 * else one built from its type and rules. A recursive reference ends the recursion (the field is
 * left out); `now` fills date and time formats.
 */
export function exampleOf(schema: unknown, resolver: Resolver, now: Date, seen: ReadonlySet<string> = new Set()): unknown {
  const ref = isObject(schema) ? stringAt(schema, '$ref') : undefined;
  if (ref !== undefined && seen.has(ref)) return undefined;
  const next = ref === undefined ? seen : new Set([...seen, ref]);
  const s = resolver.resolve(schema);
  const examples = arrayAt(s, 'examples');
  if (examples.length) return examples[0];
  for (const key of ['example', 'default', 'const']) if (key in s) return s[key];
  const options = arrayAt(s, 'enum');
  if (options.length) return options[0];
  const alternatives = arrayAt(s, 'anyOf').length ? arrayAt(s, 'anyOf') : arrayAt(s, 'oneOf');
  if (alternatives.length) {
    const notNull = alternatives.find((a) => !typesOf(resolver.resolve(a)).includes('null'));
    return exampleOf(notNull ?? alternatives[0], resolver, now, next);
  }
  const all = arrayAt(s, 'allOf');
  if (all.length) return Object.assign({}, ...all.map((a) => exampleOf(a, resolver, now, next)).filter(isObject));
  const types = typesOf(s);
  switch (types.find((t) => t !== 'null') ?? types[0]) {
    case 'object':
      return Object.fromEntries(Object.entries(objectAt(s, 'properties'))
        .map(([key, property]) => [key, exampleOf(property, resolver, now, next)])
        .filter(([, value]) => value !== undefined));
    case 'array': {
      const item = s.items === undefined ? undefined : exampleOf(s.items, resolver, now, next);
      return item === undefined ? [] : [item];
    }
    case 'integer': return numberExample(s, true);
    case 'number': return numberExample(s, false);
    case 'boolean': return true;
    case 'null': return null;
    case 'string': return byFormat(stringAt(s, 'format'), now) ?? 'string'.padEnd(numberAt(s, 'minLength') ?? 0, 'x');
    default: return {};
  }
}
