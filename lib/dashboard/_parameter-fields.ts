import { boundsOf, createResolver, isObject, type JsonObject, type Resolver } from '../protocol/_schema-reading.ts';
import type { OpenApiDocument } from '../runtime/openapi.ts';

/** How a parameter's new value is entered. */
export type InputKind = 'number' | 'integer' | 'boolean' | 'choice' | 'text' | 'json';

/** A parameter as the dashboard shows it. */
export interface ParameterField {
  readonly name: string;
  readonly value: unknown;
  /** Whether it can be set over HTTP (`POST /~parameters/{name}`). */
  readonly exposed: boolean;
  /** The schema of a new value, references resolved; `{}` when the service does not describe it. */
  readonly schema: JsonObject;
  readonly kind: InputKind;
}

// The value schema inside `{"value": ...}`, the body `POST /~parameters/{name}` takes.
function newValueSchema(doc: OpenApiDocument, { resolve }: Resolver, name: string): JsonObject | undefined {
  const body = doc.paths[`/~parameters/${name}`]?.post?.requestBody;
  const content = isObject(body) && isObject(body.content) ? body.content['application/json'] : undefined;
  const schema = isObject(content) ? resolve(content.schema) : {};
  const value = isObject(schema.properties) ? schema.properties.value : undefined;
  return isObject(value) ? resolve(value) : undefined;
}

/** How a value of `schema` is best entered. */
export function inputKind(schema: JsonObject): InputKind {
  const choices = schema.enum;
  if (Array.isArray(choices) && choices.length > 0 && choices.every((c) => typeof c === 'string' || typeof c === 'number')) return 'choice';
  if (schema.type === 'boolean') return 'boolean';
  if (schema.type === 'integer') return 'integer';
  if (schema.type === 'number') return 'number';
  if (schema.type === 'string') return 'text';
  return 'json';
}

/**
 * The parameters of a service from its values (`GET /~parameters`) and its OpenAPI document:
 * exposed when the document has their `POST` route. Without a document (a service of another
 * kind), none is offered for editing.
 */
export function parameterFields(values: Readonly<Record<string, unknown>>, doc: OpenApiDocument | undefined): ParameterField[] {
  const resolver = doc && createResolver(doc);
  return Object.keys(values).sort().map((name) => {
    const schema = doc && resolver && newValueSchema(doc, resolver, name);
    return { name, value: values[name], exposed: schema !== undefined, schema: schema ?? {}, kind: inputKind(schema ?? {}) };
  });
}

/** What the schema asks of a value, for people: `≥ 0`, `≤ 1`, `1–20 characters`, `one of a, b`. */
export function constraintsOf(schema: JsonObject): string[] {
  const said = boundsOf(schema);
  const num = (key: string) => {
    const value = schema[key];
    return typeof value === 'number' ? value : undefined;
  };
  const [min, max] = [num('minLength'), num('maxLength')];
  const characters = (n: number) => `${n} character${n === 1 ? '' : 's'}`;
  if (min !== undefined && max !== undefined) said.push(`${min}–${characters(max)}`);
  else if (min !== undefined) said.push(`at least ${characters(min)}`);
  else if (max !== undefined) said.push(`at most ${characters(max)}`);
  if (typeof schema.pattern === 'string') said.push(`matches ${schema.pattern}`);
  if (Array.isArray(schema.enum) && inputKind(schema) !== 'choice') said.push(`one of ${schema.enum.map((c) => JSON.stringify(c)).join(', ')}`);
  return said;
}

/** A value as its input shows it. */
export function toInputText(kind: InputKind, value: unknown): string {
  if (kind === 'json') return JSON.stringify(value, null, 2) ?? '';
  return value === undefined || value === null ? '' : String(value);
}

/** The value an input's text stands for, or why it stands for none; the schema's own rules are the service's to check. */
export function readInput(field: Pick<ParameterField, 'kind' | 'schema'>, text: string): { readonly value: unknown } | { readonly error: string } {
  switch (field.kind) {
    case 'number':
    case 'integer': {
      const value = text.trim() === '' ? Number.NaN : Number(text);
      return Number.isNaN(value) ? { error: 'Enter a number' } : { value };
    }
    case 'boolean':
      return { value: text === 'true' };
    case 'choice': {
      const choices = Array.isArray(field.schema.enum) ? field.schema.enum : [];
      const value: unknown = choices.find((choice) => String(choice) === text);
      return value === undefined ? { error: 'Pick one of the choices' } : { value };
    }
    case 'text':
      return { value: text };
    case 'json':
      try {
        const value: unknown = JSON.parse(text);
        return { value };
      } catch (error) {
        return { error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
      }
  }
}
