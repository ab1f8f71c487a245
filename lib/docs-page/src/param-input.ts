import type { JsonObject, Resolver } from '../../protocol/_schema-reading.ts';
import { h } from './_dom.ts';
import { exampleOf } from './example-value.ts';
import { arrayAt, numberAt, stringAt, type ParameterDoc } from './openapi-model.ts';
import { typeLabel, typesOf } from './schema-text.ts';

/** The input of one parameter in the try-it form. */
export interface ParamInput {
  readonly parameter: ParameterDoc;
  /** The labelled control, with its hint and room for an error. */
  readonly element: HTMLElement;
  /** What it sends: nothing when empty, several values for a list. */
  values(): string[];
  /** Shows what the service found wrong with it, or clears that with undefined. */
  setError(message: string | undefined): void;
}

let inputs = 0;
const pad = (n: number) => String(n).padStart(2, '0');
// A datetime-local input speaks the user's local time without a zone.
const localInputValue = (date: Date) =>
  `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;

const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function selectOf(name: string, options: readonly unknown[], required: boolean, initial: string | undefined): HTMLSelectElement {
  const select = h('select', { name }, required ? null : h('option', { value: '' }, '—'),
    options.map((option) => h('option', { value: asText(option) }, asText(option))));
  select.value = initial ?? (required ? asText(options[0]) : '');
  return select;
}

interface Control {
  readonly control: HTMLInputElement | HTMLSelectElement;
  readonly hint?: string;
  readonly suggestions?: readonly string[];
  readonly read: (raw: string) => string[];
}

// A plain value: sent as typed, and not at all when empty.
const one = (raw: string) => (raw.trim() === '' ? [] : [raw.trim()]);

function controlOf(parameter: ParameterDoc, schema: JsonObject, resolver: Resolver): Control {
  const { required } = parameter;
  const types = typesOf(schema);
  const example = exampleOf(parameter.schema, resolver, new Date());
  const initial = required ? asText(example) : undefined;
  const fallback = 'default' in schema ? `default ${asText(schema.default)}` : required ? '' : 'optional';
  const options = arrayAt(schema, 'enum');
  if (options.length) return { control: selectOf(parameter.name, options, required, initial), read: one };
  if (types.includes('boolean')) return { control: selectOf(parameter.name, [true, false], required, initial), read: one };
  if (types.includes('string') && stringAt(schema, 'format') === 'date-time') {
    const control = h('input', { type: 'datetime-local', step: 1, name: parameter.name, value: required ? localInputValue(new Date()) : undefined });
    return { control, hint: required ? 'Your local time, sent in UTC.' : 'Your local time, sent in UTC; not sent when empty.', read: (raw) => (raw ? [new Date(raw).toISOString()] : []) };
  }
  if (types.includes('integer') || types.includes('number')) {
    const low = numberAt(schema, 'minimum');
    const high = numberAt(schema, 'maximum');
    const control = h('input', { type: 'number', name: parameter.name, step: types.includes('integer') ? 1 : 'any', min: low, max: high, value: initial, placeholder: fallback });
    return { control, read: one };
  }
  if (types.includes('array')) {
    const items = resolver.resolve(schema.items);
    const suggestions = [...arrayAt(items, 'enum'), ...arrayAt(items, 'examples')].map(asText);
    const control = h('input', { type: 'text', name: parameter.name, value: initial?.replace(/^\[|\]$/g, '').replaceAll('"', ''), placeholder: required ? '' : 'optional, comma-separated' });
    return { control, suggestions, hint: 'Comma-separated: each value is sent as its own parameter.', read: (raw) => raw.split(',').map((v) => v.trim()).filter(Boolean) };
  }
  const control = h('input', { type: 'text', name: parameter.name, value: initial, placeholder: fallback });
  return { control, read: one };
}

/** The input of `parameter` that suits its schema: a list for an enum or a boolean, a date picker for a time, a number field for a number. */
export function paramInput(parameter: ParameterDoc, resolver: Resolver): ParamInput {
  const schema = resolver.resolve(parameter.schema);
  const { control, hint, suggestions = [], read } = controlOf(parameter, schema, resolver);
  control.id = `param-${++inputs}`;
  const error = h('div', { class: 'field-error', role: 'alert', hidden: true });
  const add = (value: string) => {
    const present = read(control.value);
    if (!present.includes(value)) control.value = [...present, value].join(', ');
    control.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const element = h('div', { class: 'param' },
    h('label', { for: control.id },
      h('code', { class: 'name' }, parameter.name),
      parameter.required ? h('span', { class: 'req' }, 'required') : null,
      h('span', { class: 'type' }, typeLabel(parameter.schema))),
    control,
    suggestions.length ? h('div', { class: 'suggestions' }, suggestions.map((value) => {
      const button = h('button', { type: 'button', class: 'suggestion', title: `Add ${value}` }, `+ ${value}`);
      button.addEventListener('click', () => add(value));
      return button;
    })) : null,
    hint ? h('div', { class: 'hint' }, hint) : null,
    error);
  return {
    parameter,
    element,
    values: () => read(control.value),
    setError(message) {
      error.hidden = message === undefined;
      error.textContent = message ?? '';
      if (message === undefined) control.removeAttribute('aria-invalid');
      else control.setAttribute('aria-invalid', 'true');
    },
  };
}
