import { toJsonSchema } from '@valibot/to-json-schema';
import type { GenericSchema } from 'valibot';
import type { Schema } from '../service/types.ts';

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) as plain JSON. */
export type JsonSchema = { [key: string]: unknown };

/** Whether a schema describes what a request sends (`input`) or what an answer holds (`output`). */
export type SchemaMode = 'input' | 'output';

/** Turns Standard Schemas into OpenAPI schemas and keeps the definitions they share. */
export interface SchemaConverter {
  /** The OpenAPI schema of `schema` (`{}` when it cannot be described); `name` prefixes its hoisted definitions. */
  convert(schema: Schema | undefined, mode: SchemaMode, name: string): JsonSchema;
  /** Definitions hoisted out of converted schemas, for `components.schemas`. */
  readonly definitions: Readonly<Record<string, JsonSchema>>;
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toJson(schema: Schema, mode: SchemaMode): JsonSchema {
  const standard = schema['~standard'];
  if (standard.vendor === 'valibot') {
    // Valibot schemas are Standard Schemas; its converter wants the valibot type back.
    return { ...toJsonSchema(schema as unknown as GenericSchema, { target: 'draft-2020-12', typeMode: mode, errorMode: 'warn' }) };
  }
  // Standard JSON Schema: other libraries (zod 4, arktype, ...) describe themselves.
  const converter = (standard as { readonly jsonSchema?: { readonly [M in SchemaMode]?: (options: { target: string }) => unknown } })
    .jsonSchema?.[mode];
  const json = typeof converter === 'function' ? converter({ target: 'draft-2020-12' }) : undefined;
  return isObject(json) ? json : {};
}

/** Rewrites `#/$defs/x` references, which would otherwise point at the OpenAPI document's root. */
function rewriteRefs(node: unknown, rename: (ref: string) => string | undefined): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item, rename));
  if (!isObject(node)) return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === '$ref' && typeof value === 'string' ? (rename(value) ?? value) : rewriteRefs(value, rename);
  }
  return out;
}

function decodePointer(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Makes a converter; one per OpenAPI document, so hoisted definition names stay unique in it. */
export function createSchemaConverter(): SchemaConverter {
  const definitions: Record<string, JsonSchema> = {};
  const claim = (wanted: string): string => {
    const base = wanted.replace(/[^A-Za-z0-9._-]/g, '_');
    let name = base;
    for (let n = 2; Object.hasOwn(definitions, name); n++) name = `${base}_${n}`;
    definitions[name] = {};
    return name;
  };

  function convert(schema: Schema | undefined, mode: SchemaMode, name: string): JsonSchema {
    if (schema === undefined) return {};
    let json: JsonSchema;
    try {
      json = toJson(schema, mode);
    } catch {
      // A schema we cannot describe still documents its route, as "any JSON".
      return {};
    }
    const { $schema: _dialect, $defs, definitions: legacy, ...rest } = json;
    const local = { ...(isObject(legacy) ? legacy : {}), ...(isObject($defs) ? $defs : {}) };
    const names = new Map(Object.keys(local).map((key) => [key, claim(`${name}.${key}`)]));
    const rename = (ref: string) => {
      const match = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(ref);
      const target = match?.[1] === undefined ? undefined : names.get(decodePointer(match[1]));
      return target === undefined ? undefined : `#/components/schemas/${target}`;
    };
    for (const [key, target] of names) definitions[target] = rewriteRefs(local[key], rename) as JsonSchema;
    return rewriteRefs(rest, rename) as JsonSchema;
  }

  return { convert, definitions };
}
