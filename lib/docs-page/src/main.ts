import './style.css';
import { h, prose } from './_dom.ts';
import { readApi, type ApiDoc, type OperationDoc, type TagGroup } from './openapi-model.ts';
import { operationAnchor, operationView } from './operation-view.ts';

// The script is `{root}/docs/{file}.js` wherever the page is served from: the service's root, its
// root path, or a prefix a gateway added. Everything else is found relative to it.
const here = import.meta.url;
const root = new URL('..', here);
const specUrl = new URL('openapi.json', root);

// Entrypoints are what a service is for: shown open when there are few of them.
const OPEN_ENTRYPOINTS = 3;

const byId = (id: string): HTMLElement => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page lacks #${id}`);
  return element;
};

function fillHeader(api: ApiDoc): void {
  document.title = api.version ? `${api.title} ${api.version} · API docs` : `${api.title} · API docs`;
  byId('title').textContent = api.title;
  const version = byId('version');
  version.textContent = api.version ? `v${api.version}` : '';
  version.hidden = !api.version;
  byId('base').textContent = `base ${root.pathname}`;
  const about = byId('about');
  about.replaceChildren(...(api.description ? [prose('span', api.description)] : []));
  about.hidden = !api.description;
}

const matches = (operation: OperationDoc, words: readonly string[]) => {
  const text = `${operation.method} ${operation.path} ${operation.summary ?? ''}`.toLowerCase();
  return words.every((word) => text.includes(word));
};

function contents(groups: readonly TagGroup[], cards: ReadonlyMap<OperationDoc, HTMLElement>, sections: ReadonlyMap<TagGroup, HTMLElement>): HTMLElement {
  const links = new Map<OperationDoc, HTMLElement>();
  const heads = new Map<TagGroup, HTMLElement>();
  const filter = h('input', { type: 'search', class: 'filter', placeholder: 'Filter operations', 'aria-label': 'Filter operations' });
  filter.addEventListener('input', () => {
    const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const group of groups) {
      let shown = 0;
      for (const operation of group.operations) {
        const visible = matches(operation, words);
        shown += visible ? 1 : 0;
        for (const element of [cards.get(operation), links.get(operation)]) if (element) element.hidden = !visible;
      }
      for (const element of [sections.get(group), heads.get(group)]) if (element) element.hidden = shown === 0;
    }
  });
  return h('nav', { class: 'toc', 'aria-label': 'Operations' }, filter, groups.map((group) => {
    const head = h('div', { class: 'toc-tag' }, group.name);
    heads.set(group, head);
    return [head, group.operations.map((operation) => {
      const link = h('a', { href: `#${operationAnchor(operation)}` }, h('span', { class: `mini m-${operation.method}` }, operation.method.toUpperCase()), h('span', { class: 'toc-path' }, operation.path));
      links.set(operation, link);
      return link;
    })];
  }));
}

// A hand-typed `#op-x%zz` is no URI encoding: then the hash is the id as it stands.
function anchorOf(hash: string): string {
  try {
    return decodeURIComponent(hash.slice(1));
  } catch {
    return hash.slice(1);
  }
}

function render(api: ApiDoc): void {
  fillHeader(api);
  const cards = new Map<OperationDoc, HTMLElement>();
  const sections = new Map<TagGroup, HTMLElement>();
  for (const group of api.groups) {
    const open = group.name === 'Entrypoints' && group.operations.length <= OPEN_ENTRYPOINTS;
    const section = h('section', { 'aria-label': group.name },
      h('h2', {}, group.name),
      group.description ? prose('p', group.description, { class: 'muted' }) : null,
      group.operations.map((operation) => {
        const card = operationView(operation, api.resolver, root, open);
        cards.set(operation, card);
        return card;
      }));
    sections.set(group, section);
  }
  byId('app').replaceChildren(contents(api.groups, cards, sections), h('div', { class: 'ops' }, [...sections.values()]));
  const openTarget = () => {
    const target = location.hash ? document.getElementById(anchorOf(location.hash)) : null;
    if (target instanceof HTMLDetailsElement) {
      target.open = true;
      target.scrollIntoView({ block: 'start' });
    }
  };
  addEventListener('hashchange', openTarget);
  openTarget();
}

const link = byId('spec-link');
if (link instanceof HTMLAnchorElement) link.href = specUrl.href;

fetch(specUrl, { headers: { accept: 'application/json' } })
  .then(async (response) => {
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}`.trim());
    render(readApi(await response.json()));
  })
  .catch((error: unknown) => {
    byId('app').replaceChildren(h('div', { class: 'failure', role: 'alert' },
      `Could not load ${specUrl.pathname}: ${error instanceof Error ? error.message : String(error)}`));
  });
