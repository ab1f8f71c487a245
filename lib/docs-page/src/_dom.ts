/** What an element may hold: nodes and text; nothing for null, undefined and false; lists flattened. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

/** Attributes: a string or number sets one, true sets an empty one, false and undefined set none. */
export type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;

function append(parent: Element, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (typeof child === 'string' || typeof child === 'number') parent.append(String(child));
  else if (child instanceof Node) parent.append(child);
  else for (const item of child) append(parent, item);
}

/**
 * A new element with these attributes and children. Text goes in as text nodes, never as HTML:
 * nothing the OpenAPI document or an answer holds can become markup.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/** Text with `code` spans in backticks, the one bit of Markdown the descriptions use. */
export function prose<K extends keyof HTMLElementTagNameMap>(tag: K, text: string, attributes: Attributes = {}): HTMLElementTagNameMap[K] {
  return h(tag, attributes, text.split('`').map((part, i) => (i % 2 ? h('code', {}, part) : part)));
}
