import type { Resolver } from '../../protocol/_schema-reading.ts';
import { h } from './_dom.ts';
import { showAnswer } from './answer-view.ts';
import { exampleOf } from './example-value.ts';
import type { OperationDoc } from './openapi-model.ts';
import { paramInput } from './param-input.ts';
import { planRequest } from './request-plan.ts';

function jsonProblem(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return `Not valid JSON (${error instanceof Error ? error.message : String(error)}): the service will answer 422.`;
  }
}

function bodyEditor(operation: OperationDoc, resolver: Resolver) {
  if (!operation.body) return undefined;
  const example = JSON.stringify(exampleOf(operation.body.schema, resolver, new Date()), null, 2);
  const textarea = h('textarea', { class: 'code', spellcheck: 'false', autocapitalize: 'off', 'aria-label': 'JSON body' }, example);
  textarea.rows = Math.min(18, Math.max(3, example.split('\n').length + 1));
  const problem = h('div', { class: 'field-error', hidden: true });
  const check = () => {
    const text = jsonProblem(textarea.value);
    problem.hidden = text === undefined;
    problem.textContent = text ?? '';
  };
  textarea.addEventListener('input', check);
  const reset = h('button', { type: 'button', class: 'link' }, 'Reset to the example');
  reset.addEventListener('click', () => {
    textarea.value = example;
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const element = h('div', { class: 'param' }, h('div', { class: 'label-row' }, h('span', { class: 'name' }, 'JSON body'), reset), textarea, problem);
  return { element, textarea };
}

function copyButton(source: HTMLElement): HTMLButtonElement | null {
  // The clipboard is there on localhost and https only.
  if (!navigator.clipboard || !window.isSecureContext) return null;
  const button = h('button', { type: 'button', class: 'link' }, 'Copy');
  button.addEventListener('click', () => {
    void navigator.clipboard.writeText(source.textContent ?? '').then(() => {
      button.textContent = 'Copied';
      setTimeout(() => (button.textContent = 'Copy'), 1500);
    });
  });
  return button;
}

/** The try-it form of an operation: its inputs, a Send button, the request as curl, and the answer once it comes. */
export function tryIt(operation: OperationDoc, resolver: Resolver, root: URL): HTMLFormElement {
  const inputs = operation.parameters.map((parameter) => paramInput(parameter, resolver));
  const editor = bodyEditor(operation, resolver);
  const curl = h('pre', { class: 'curl' });
  const out = h('div', { class: 'answer', 'aria-live': 'polite' }, h('div', { class: 'muted small' }, 'Send the request to see the answer here.'));
  const send = h('button', { type: 'submit', class: 'send' }, 'Send');
  const plan = () => {
    const values = new Map(inputs.map((input) => [input.parameter.name, input.values()]));
    const request = planRequest(root, operation, values, editor?.textarea.value);
    curl.textContent = request.curl;
    return request;
  };
  // The service judges the values, so that the user sees its 422, not the browser's opinion.
  const form = h('form', { class: 'try', novalidate: true, 'aria-label': `Try ${operation.method.toUpperCase()} ${operation.path}` },
    h('h4', {}, 'Try it'),
    inputs.map((input) => input.element),
    editor?.element,
    h('div', { class: 'actions' }, send),
    h('div', { class: 'curl-box' }, curl, copyButton(curl)),
    out);
  form.addEventListener('input', plan);
  editor?.textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const request = plan();
    for (const input of inputs) input.setError(undefined);
    send.disabled = true;
    out.replaceChildren(h('div', { class: 'muted small' }, 'Waiting for the answer…'));
    const started = performance.now();
    fetch(request.url, { method: request.method, headers: request.headers, body: request.body ?? null })
      .then((response) => showAnswer(out, response, performance.now() - started))
      .then((errors) => {
        for (const input of inputs) {
          const found = errors?.find((error) => error.location === input.parameter.location && error.field === input.parameter.name);
          if (found) input.setError(found.message);
        }
      })
      .catch((error: unknown) => out.replaceChildren(h('div', { class: 'status s5' }, `Request failed: ${error instanceof Error ? error.message : String(error)}`)))
      .finally(() => (send.disabled = false));
  });
  plan();
  return form;
}
