import { isObject, type JsonObject, type Resolver } from '../../protocol/_schema-reading.ts';
import { h, prose } from './_dom.ts';
import { objectAt, refName, stringAt } from './openapi-model.ts';
import { constraintsOf, typeLabel } from './schema-text.ts';

/** The rules of a schema as chips: `≥ 1`, `default 100`… */
export const constraintChips = (schema: JsonObject): HTMLElement[] => constraintsOf(schema).map((rule) => h('span', { class: 'chip' }, rule));

/** The type of a schema as people read it, with its rules. */
export const typeLine = (schema: unknown, resolved: JsonObject): HTMLElement[] => [h('span', { class: 'type' }, typeLabel(schema)), ...constraintChips(resolved)];

type Structure = { readonly object: JsonObject; readonly seen: ReadonlySet<string> } | { readonly recursive: string } | undefined;

// The object whose fields explain a schema, if any: itself, its items, or the values of its map.
function structureOf(schema: unknown, resolver: Resolver, seen: ReadonlySet<string>): Structure {
  const ref = isObject(schema) ? stringAt(schema, '$ref') : undefined;
  if (ref !== undefined && seen.has(ref)) return { recursive: refName(ref) };
  const next = ref === undefined ? seen : new Set([...seen, ref]);
  const s = resolver.resolve(schema);
  if (isObject(s.properties)) return { object: s, seen: next };
  if (isObject(s.items)) return structureOf(s.items, resolver, next);
  if (isObject(s.additionalProperties)) return { object: { properties: { '[name]': s.additionalProperties } }, seen: next };
  return undefined;
}

function fieldList(schema: unknown, resolver: Resolver, seen: ReadonlySet<string> = new Set()): HTMLElement | undefined {
  const found = structureOf(schema, resolver, seen);
  if (found === undefined) return undefined;
  if ('recursive' in found) return h('div', { class: 'muted small' }, `↻ ${found.recursive} (recursive)`);
  const required = new Set(Array.isArray(found.object.required) ? found.object.required : []);
  return h('ul', { class: 'fields' }, Object.entries(objectAt(found.object, 'properties')).map(([name, property]) => {
    const resolved = resolver.resolve(property);
    const description = stringAt(resolved, 'description');
    return h('li', {},
      h('div', { class: 'field' }, h('code', { class: 'name' }, name), required.has(name) ? h('span', { class: 'req' }, 'required') : null, typeLine(property, resolved)),
      description ? prose('div', description, { class: 'desc' }) : null,
      fieldList(property, resolver, found.seen));
  }));
}

/** A schema for people: its type and rules, its description, and its fields, nested. */
export function schemaView(schema: unknown, resolver: Resolver): HTMLElement {
  const resolved = resolver.resolve(schema);
  const description = stringAt(resolved, 'description');
  return h('div', { class: 'schema' },
    h('div', { class: 'field' }, typeLine(schema, resolved)),
    description ? prose('div', description, { class: 'desc' }) : null,
    fieldList(schema, resolver));
}
