import type { Resolver } from '../../protocol/_schema-reading.ts';
import { h, prose } from './_dom.ts';
import { stringAt, type OperationDoc, type ParameterDoc, type ResponseDoc } from './openapi-model.ts';
import { schemaView, typeLine } from './schema-view.ts';
import { tryIt } from './try-it.ts';

const LOCATIONS: Readonly<Record<string, string>> = { query: 'Query parameters', path: 'Path parameters', header: 'Headers', cookie: 'Cookies' };

function parameterList(parameters: readonly ParameterDoc[], resolver: Resolver): HTMLElement[] {
  const locations = [...new Set(parameters.map((p) => p.location))];
  return locations.flatMap((location) => [
    h('h4', {}, LOCATIONS[location] ?? location),
    h('ul', { class: 'fields' }, parameters.filter((p) => p.location === location).map((parameter) => {
      const resolved = resolver.resolve(parameter.schema);
      const description = parameter.description ?? stringAt(resolved, 'description');
      return h('li', {},
        h('div', { class: 'field' }, h('code', { class: 'name' }, parameter.name), parameter.required ? h('span', { class: 'req' }, 'required') : null,
          typeLine(parameter.schema, resolved)),
        description ? prose('div', description, { class: 'desc' }) : null);
    })),
  ]);
}

function responseView(response: ResponseDoc, resolver: Resolver): HTMLElement {
  const { status, schema } = response;
  const notJson = schema === undefined && response.media.length > 0 ? h('span', { class: 'muted small' }, response.media.join(', ')) : null;
  const success = /^[123]/.test(status);
  return h('div', { class: 'response' },
    h('div', { class: 'field' }, h('span', { class: `status s${status[0] ?? ''}` }, status), prose('span', response.description, { class: 'response-text' }), notJson),
    schema === undefined ? null : success ? schemaView(schema, resolver) : h('details', { class: 'more' }, h('summary', {}, 'Schema'), schemaView(schema, resolver)));
}

function reference(operation: OperationDoc, resolver: Resolver): HTMLElement {
  const paragraphs = (operation.description ?? '').split(/\n\s*\n/).filter(Boolean);
  return h('div', { class: 'doc' },
    paragraphs.map((text) => prose('p', text)),
    parameterList(operation.parameters, resolver),
    operation.body ? [h('h4', {}, operation.body.required ? 'Request body' : 'Request body (optional)'), schemaView(operation.body.schema, resolver)] : null,
    h('h4', {}, 'Responses'),
    operation.responses.map((response) => responseView(response, resolver)));
}

/** The id of an operation's card, the target of its link in the table of contents. */
export const operationAnchor = (operation: OperationDoc): string => `op-${operation.id}`;

/** The card of an operation: method, path and summary; opened, its reference beside its try-it form. */
export function operationView(operation: OperationDoc, resolver: Resolver, root: URL, open: boolean): HTMLDetailsElement {
  return h('details', { class: 'op', id: operationAnchor(operation), open },
    h('summary', {},
      h('span', { class: `badge m-${operation.method}` }, operation.method.toUpperCase()),
      h('code', { class: 'path' }, operation.path),
      operation.summary ? h('span', { class: 'summary' }, operation.summary) : null),
    h('div', { class: 'op-body' }, reference(operation, resolver), tryIt(operation, resolver, root)));
}
