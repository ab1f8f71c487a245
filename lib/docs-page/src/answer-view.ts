import { h } from './_dom.ts';
import { fieldErrorsOf, type FieldError } from './field-errors.ts';

// Beyond this a text answer (a SQL dump…) is shown cut, with the whole of it to download.
const SHOWN_CHARACTERS = 100_000;

const downloads = new WeakMap<HTMLElement, string>();

function downloadLink(out: HTMLElement, blob: Blob, name: string, text: string): HTMLAnchorElement {
  const previous = downloads.get(out);
  if (previous !== undefined) URL.revokeObjectURL(previous);
  const href = URL.createObjectURL(blob);
  downloads.set(out, href);
  return h('a', { href, download: name }, text);
}

const fileName = (response: Response) => /filename="?([^";]+)/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'answer';

const where = (error: FieldError) => [error.location, error.field].filter(Boolean).join(' › ');

async function bodyOf(out: HTMLElement, response: Response, type: string): Promise<{ view: HTMLElement; errors?: FieldError[] }> {
  if (/\bjson\b/.test(type)) {
    const text = await response.text();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { view: h('pre', { class: 'code' }, text) };
    }
    const errors = response.status === 422 ? fieldErrorsOf(value) : undefined;
    const pretty = h('pre', { class: 'code' }, JSON.stringify(value, null, 2));
    if (!errors) return { view: pretty };
    const list = h('ul', { class: 'field-errors' }, errors.map((error) => h('li', {}, h('code', {}, where(error) || 'body'), ' ', error.message)));
    // The list says it all; the answer as sent stays one click away.
    return { view: h('div', {}, list, h('details', { class: 'more' }, h('summary', {}, 'The answer as sent'), pretty)), errors };
  }
  if (type === '' || /^text\/|sql/.test(type)) {
    const blob = await response.blob();
    const text = await blob.text();
    if (text.length <= SHOWN_CHARACTERS) return { view: h('pre', { class: 'code' }, text) };
    return {
      view: h('div', {},
        h('div', { class: 'binary' }, `Showing the first ${SHOWN_CHARACTERS.toLocaleString('en')} of ${text.length.toLocaleString('en')} characters · `,
          downloadLink(out, blob, fileName(response), 'Download all')),
        h('pre', { class: 'code' }, text.slice(0, SHOWN_CHARACTERS))),
    };
  }
  const blob = await response.blob();
  const name = fileName(response);
  return { view: h('div', { class: 'binary' }, `Binary answer, ${blob.size.toLocaleString('en')} bytes · `, downloadLink(out, blob, name, `Download ${name}`)) };
}

/** Shows an answer in `out`: its status, time and type, then its body; resolves to its field errors when it is a 422 with some. */
export async function showAnswer(out: HTMLElement, response: Response, milliseconds: number): Promise<FieldError[] | undefined> {
  const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  const { view, errors } = await bodyOf(out, response, type);
  const kind = `s${String(response.status)[0]}`;
  out.replaceChildren(
    h('div', { class: 'answer-head' },
      h('span', { class: `status ${kind}` }, `${response.status} ${response.statusText}`.trim()),
      h('span', { class: 'muted' }, `${Math.round(milliseconds)} ms`),
      type ? h('span', { class: 'muted' }, type) : null),
    view);
  return errors;
}
