/**
 * Source of the docs page's browser script: a function of the OpenAPI document's URL that renders
 * the operations and lets the user try them. Plain JavaScript in a string, because a TypeScript
 * function's `toString()` would carry the loader's helpers (such as esbuild's `__name`) into the page.
 * Everything it inserts goes through text nodes, never through HTML.
 */
export const DOCS_SCRIPT = String.raw`function (specUrl) {
  'use strict';
  const app = document.getElementById('app');
  const specHref = new URL(specUrl, location.href);
  // Calls go next to the document, so the page works under any prefix a gateway adds.
  const base = new URL('.', specHref);
  let spec = {};

  const h = (tag, attrs, ...kids) => {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? '' : String(value));
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid !== undefined && kid !== null && kid !== false) el.append(kid instanceof Node ? kid : String(kid));
    }
    return el;
  };
  const isObj = (x) => typeof x === 'object' && x !== null && !Array.isArray(x);
  const pointer = (ref) => ref.slice(2).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node, key) => (isObj(node) ? node[key] : undefined), spec);
  const resolve = (node) => {
    for (let i = 0; i < 32 && isObj(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#/'); i++) node = pointer(node.$ref);
    return isObj(node) ? node : {};
  };
  const refName = (ref) => ref.split('/').pop();
  const types = (s) => [].concat(s.type || (s.properties ? 'object' : []));

  const label = (schema, depth = 0) => {
    if (depth > 4) return '…';
    if (!isObj(schema)) return 'any';
    if (typeof schema.$ref === 'string') return refName(schema.$ref);
    if ('const' in schema) return JSON.stringify(schema.const);
    if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
    const alternatives = schema.anyOf || schema.oneOf;
    if (Array.isArray(alternatives)) return alternatives.map((a) => label(a, depth + 1)).join(' | ');
    if (Array.isArray(schema.allOf)) return schema.allOf.map((a) => label(a, depth + 1)).join(' & ');
    const names = types(schema).map((t) => {
      if (t === 'array') {
        const item = label(schema.items, depth + 1);
        return (item.includes(' ') ? '(' + item + ')' : item) + '[]';
      }
      return t === 'string' && schema.format ? 'string<' + schema.format + '>' : t;
    });
    return names.length ? names.join(' | ') : 'any';
  };

  const RULES = { minimum: '≥', exclusiveMinimum: '>', maximum: '≤', exclusiveMaximum: '<', minLength: 'min length',
    maxLength: 'max length', minItems: 'min items', maxItems: 'max items', multipleOf: 'multiple of', pattern: 'pattern', default: 'default' };
  const chips = (s) => Object.keys(RULES).filter((k) => k in s)
    .map((k) => h('span', { class: 'chip' }, RULES[k] + ' ' + (typeof s[k] === 'string' && k !== 'default' ? s[k] : JSON.stringify(s[k]))));

  // The object whose fields explain a schema, if any: itself, its items, or its map values.
  const structure = (schema, seen) => {
    const ref = isObj(schema) && schema.$ref;
    if (ref && seen.has(ref)) return { recursive: refName(ref) };
    const s = resolve(schema);
    const next = ref ? new Set([...seen, ref]) : seen;
    if (isObj(s.properties)) return { s, seen: next };
    if (isObj(s.items)) return structure(s.items, next);
    if (isObj(s.additionalProperties)) return { s: { properties: { '[name]': s.additionalProperties } }, seen: next };
    return null;
  };
  const fields = (schema, seen = new Set()) => {
    const found = structure(schema, seen);
    if (!found) return null;
    if (found.recursive) return h('div', { class: 'muted small' }, '↻ ' + found.recursive + ' (recursive)');
    const required = found.s.required || [];
    return h('ul', { class: 'fields' }, Object.entries(found.s.properties).map(([name, p]) => {
      const rp = resolve(p);
      return h('li', {},
        h('div', { class: 'field' }, h('code', { class: 'name' }, name), h('span', { class: 'type' }, label(p)),
          required.includes(name) ? h('span', { class: 'req' }, 'required') : null, chips(rp)),
        rp.description ? prose('div', rp.description, { class: 'desc' }) : null,
        fields(p, found.seen));
    }));
  };
  const schemaView = (schema) => {
    const s = resolve(schema);
    return h('div', { class: 'schema' },
      h('div', { class: 'field' }, h('span', { class: 'type' }, label(schema)), chips(s)),
      s.description ? prose('div', s.description, { class: 'desc' }) : null, fields(schema));
  };

  // A value that passes the schema, as a starting point; a recursive reference ends the recursion.
  const example = (schema, seen = new Set()) => {
    const ref = isObj(schema) && schema.$ref;
    if (ref && seen.has(ref)) return undefined;
    const next = ref ? new Set([...seen, ref]) : seen;
    const s = resolve(schema);
    if (Array.isArray(s.examples) && s.examples.length) return s.examples[0];
    for (const key of ['example', 'default', 'const']) if (key in s) return s[key];
    if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
    const alternatives = s.anyOf || s.oneOf;
    if (Array.isArray(alternatives) && alternatives.length) {
      return example(alternatives.find((a) => !types(resolve(a)).includes('null')) || alternatives[0], next);
    }
    if (Array.isArray(s.allOf)) return Object.assign({}, ...s.allOf.map((a) => example(a, next)).filter(isObj));
    const type = types(s).find((t) => t !== 'null') || types(s)[0];
    if (type === 'object') {
      return Object.fromEntries(Object.entries(s.properties || {}).map(([k, p]) => [k, example(p, next)]).filter(([, v]) => v !== undefined));
    }
    if (type === 'array') {
      const item = s.items ? example(s.items, next) : undefined;
      return item === undefined ? [] : [item];
    }
    if (type === 'integer' || type === 'number') {
      const low = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
      return s.maximum !== undefined && low > s.maximum ? s.maximum : low;
    }
    if (type === 'boolean') return true;
    if (type === 'null') return null;
    if (type === 'string') {
      const now = new Date().toISOString();
      const byFormat = { 'date-time': now, date: now.slice(0, 10), time: now.slice(11, 19), email: 'user@example.org', uuid: '00000000-0000-4000-8000-000000000000' };
      return byFormat[s.format] || 'string'.padEnd(s.minLength || 0, 'x');
    }
    return {};
  };

  // Prose with backtick code spans, the one bit of Markdown that descriptions use.
  const prose = (tag, text, attrs) => h(tag, attrs, text.split('\u0060').map((part, i) => (i % 2 ? h('code', {}, part) : part)));
  const jsonBodySchema = (content) => (isObj(content) && isObj(content['application/json']) ? content['application/json'].schema : undefined);
  const quote = (text) => "'" + text.replace(/'/g, "'\\''") + "'";

  const showAnswer = async (out, response, started) => {
    const ms = Math.round(performance.now() - started);
    const type = response.headers.get('content-type') || '';
    const kind = 's' + String(response.status)[0];
    let body;
    if (/json/.test(type)) {
      const text = await response.text();
      try { body = h('pre', { class: 'code' }, JSON.stringify(JSON.parse(text), null, 2)); } catch { body = h('pre', { class: 'code' }, text); }
    } else if (/^text\/|sql/.test(type) || type === '') {
      body = h('pre', { class: 'code' }, await response.text());
    } else {
      const blob = await response.blob();
      const name = (/filename="?([^";]+)/.exec(response.headers.get('content-disposition') || '') || [])[1] || 'answer';
      body = h('div', { class: 'binary' }, 'Binary answer, ' + blob.size + ' bytes · ',
        h('a', { href: URL.createObjectURL(blob), download: name }, 'Download ' + name));
    }
    out.replaceChildren(h('div', { class: 'answer-head' },
      h('span', { class: 'status ' + kind }, response.status + ' ' + response.statusText),
      h('span', { class: 'muted' }, ms + ' ms'), type ? h('span', { class: 'muted' }, type.split(';')[0]) : null), body);
  };

  const tryIt = (path, method, op) => {
    const params = (op.parameters || []).map(resolve);
    const bodySchema = op.requestBody ? jsonBodySchema(resolve(op.requestBody).content) : undefined;
    const inputs = params.map((p) => {
      const list = types(resolve(p.schema)).includes('array');
      const sample = example(p.schema);
      const text = typeof sample === 'string' ? sample : JSON.stringify(sample);
      const input = h('input', { type: 'text', name: p.name, value: p.required ? text : undefined,
        placeholder: list ? 'comma-separated, e.g. ' + text.replace(/^\[|\]$/g, '').replace(/"/g, '') : text });
      return { p, list, input };
    });
    const editor = bodySchema === undefined ? null
      : h('textarea', { class: 'code', spellcheck: 'false', rows: 8 }, JSON.stringify(example(bodySchema), null, 2));
    if (editor) editor.rows = Math.min(18, Math.max(4, editor.value.split('\n').length + 1));
    const out = h('div', { class: 'answer' }, h('div', { class: 'muted small' }, 'The answer appears here.'));
    const curl = h('pre', { class: 'curl' });
    const request = () => {
      const url = new URL(path.replace(/^\//, ''), base);
      for (const { p, list, input } of inputs) {
        const value = input.value.trim();
        if (value === '') continue;
        for (const part of list ? value.split(',').map((v) => v.trim()).filter(Boolean) : [value]) url.searchParams.append(p.name, part);
      }
      const init = { method: method.toUpperCase(), headers: editor ? { 'Content-Type': 'application/json' } : {} };
      if (editor) init.body = editor.value;
      curl.textContent = 'curl -X ' + init.method + ' ' + quote(url.href) +
        (editor ? " -H 'Content-Type: application/json' -d " + quote(editor.value.replace(/\s*\n\s*/g, ' ')) : '');
      return { url, init };
    };
    const send = h('button', { type: 'submit', class: 'send' }, 'Send');
    const form = h('form', { class: 'try', oninput: () => request(), onsubmit: async (event) => {
      event.preventDefault();
      const { url, init } = request();
      send.disabled = true;
      out.replaceChildren(h('div', { class: 'muted small' }, 'Waiting for the answer…'));
      const started = performance.now();
      try { await showAnswer(out, await fetch(url, init), started); }
      catch (error) { out.replaceChildren(h('div', { class: 'status s5' }, 'Request failed: ' + error.message)); }
      finally { send.disabled = false; }
    } },
    h('h4', {}, 'Try it'),
    inputs.map(({ p, input }) => h('label', { class: 'param' }, h('span', {}, h('code', {}, p.name), p.required ? h('span', { class: 'req' }, 'required') : null), input)),
    editor ? h('label', { class: 'param' }, h('span', {}, 'JSON body'), editor) : null,
    h('div', { class: 'actions' }, send), curl, out);
    request();
    return form;
  };

  const docs = (op) => {
    const params = (op.parameters || []).map(resolve);
    const bodySchema = op.requestBody ? jsonBodySchema(resolve(op.requestBody).content) : undefined;
    return h('div', { class: 'doc' },
      (op.description || '').split(/\n\s*\n/).filter(Boolean).map((text) => prose('p', text)),
      params.length ? [h('h4', {}, 'Query parameters'), h('ul', { class: 'fields' }, params.map((p) => h('li', {},
        h('div', { class: 'field' }, h('code', { class: 'name' }, p.name), h('span', { class: 'type' }, label(p.schema)),
          p.required ? h('span', { class: 'req' }, 'required') : null),
        p.description ? prose('div', p.description, { class: 'desc' }) : null)))] : null,
      bodySchema !== undefined ? [h('h4', {}, 'Request body'), schemaView(bodySchema)] : null,
      h('h4', {}, 'Responses'),
      Object.entries(op.responses || {}).map(([status, response]) => {
        const r = resolve(response);
        const schema = jsonBodySchema(r.content);
        const media = isObj(r.content) ? Object.keys(r.content).join(', ') : '';
        return h('div', { class: 'response' },
          h('div', { class: 'field' }, h('span', { class: 'status s' + status[0] }, status), prose('span', r.description || ''),
            media && schema === undefined ? h('span', { class: 'muted small' }, media) : null),
          schema === undefined ? null : status < '4' ? schemaView(schema) : h('details', { class: 'more' }, h('summary', {}, 'Schema'), schemaView(schema)));
      }));
  };

  const operation = ({ path, method, op }) => h('details', { class: 'op', id: 'op-' + op.operationId },
    h('summary', {}, h('span', { class: 'badge m-' + method }, method.toUpperCase()), h('code', { class: 'path' }, path),
      h('span', { class: 'summary' }, op.summary || '')),
    h('div', { class: 'op-body' }, docs(op), tryIt(path, method, op)));

  const render = (doc) => {
    spec = doc;
    const info = doc.info || {};
    document.getElementById('name').textContent = info.title || 'API';
    document.getElementById('version').textContent = info.version ? 'v' + info.version : '';
    document.getElementById('about').textContent = info.description || '';
    document.getElementById('base').textContent = 'base ' + base.pathname;
    const groups = new Map((doc.tags || []).map((t) => [t.name, { tag: t, ops: [] }]));
    for (const [path, item] of Object.entries(doc.paths || {})) {
      for (const method of ['get', 'put', 'post', 'delete', 'patch', 'options', 'head']) {
        const op = item[method];
        if (!isObj(op)) continue;
        const tag = (op.tags || [])[0] || 'Other';
        if (!groups.has(tag)) groups.set(tag, { tag: { name: tag }, ops: [] });
        groups.get(tag).ops.push({ path, method, op });
      }
    }
    const used = [...groups.values()].filter((g) => g.ops.length);
    const nav = h('nav', { class: 'toc' }, used.map((g) => [h('div', { class: 'toc-tag' }, g.tag.name), g.ops.map(({ path, method, op }) =>
      h('a', { href: '#op-' + op.operationId }, h('span', { class: 'mini m-' + method }, method.toUpperCase()), path))]));
    const sections = used.map((g) => h('section', {}, h('h2', {}, g.tag.name),
      g.tag.description ? h('p', { class: 'muted' }, g.tag.description) : null, g.ops.map(operation)));
    app.replaceChildren(nav, h('div', { class: 'ops' }, sections));
    const open = () => {
      const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target && target.tagName === 'DETAILS') { target.open = true; target.scrollIntoView({ block: 'start' }); }
    };
    addEventListener('hashchange', open);
    open();
  };

  fetch(specHref, { headers: { Accept: 'application/json' } })
    .then((r) => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
    .then(render)
    .catch((error) => app.replaceChildren(h('div', { class: 'status s5' }, 'Could not load ' + specHref.pathname + ': ' + error.message)));
}`;
