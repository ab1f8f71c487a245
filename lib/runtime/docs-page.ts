import { createHash } from 'node:crypto';
import { DOCS_SCRIPT } from './docs-script.ts';
import { escapeHtml } from './escape-html.ts';

/** Options of {@link renderDocsPage}. */
export interface DocsPageOptions {
  /** Title of the browser tab. */
  readonly title: string;
  /** Where the OpenAPI document is, relative to the page so it works under any root path (default `openapi.json`). */
  readonly openapiUrl?: string;
}

const STYLE = `
:root{--bg:#f5f6f8;--card:#fff;--line:#e2e5ea;--text:#1d232b;--muted:#5d6773;--accent:#2457c5;--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;
--get:#2563eb;--post:#15803d;--put:#b45309;--patch:#0f766e;--delete:#b91c1c}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header{background:#111827;color:#f3f4f6;padding:20px 32px}
header .bar{max-width:1320px;margin:0 auto;display:flex;flex-wrap:wrap;align-items:baseline;gap:12px}
header h1{margin:0;font-size:22px;font-weight:650}
header .pill{font:12px var(--mono);padding:2px 8px;border-radius:999px;background:#374151;color:#e5e7eb}
header .pill:empty{display:none}
header a{color:#93c5fd;font-size:13px}
header p{margin:6px 0 0;color:#cbd5e1;flex-basis:100%;white-space:pre-line}
#app{max-width:1320px;margin:0 auto;padding:24px 32px;display:grid;grid-template-columns:220px minmax(0,1fr);gap:32px}
.toc{position:sticky;top:16px;align-self:start;max-height:calc(100vh - 32px);overflow:auto;font-size:13px}
.toc-tag{font-weight:650;text-transform:uppercase;letter-spacing:.04em;font-size:11px;color:var(--muted);margin:14px 0 6px}
.toc a{display:flex;gap:8px;align-items:center;padding:3px 6px;border-radius:4px;color:var(--text);text-decoration:none;font-family:var(--mono);font-size:12px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
.toc a:hover{background:#e8ebf0}
.mini{font:600 9px var(--mono);width:38px;text-align:center;border-radius:3px;color:#fff;padding:1px 0;flex:none}
section+section{margin-top:28px}
section h2{font-size:18px;margin:8px 0 2px}
section>p{margin:0 0 12px}
.op{background:var(--card);border:1px solid var(--line);border-radius:8px;margin:0 0 10px;overflow:hidden}
.op[open]{box-shadow:0 1px 3px rgba(16,24,40,.08)}
.op summary{display:flex;gap:12px;align-items:center;padding:10px 14px;cursor:pointer;list-style:none}
.op summary::-webkit-details-marker{display:none}
.op summary:hover{background:#fafbfc}
.badge{font:700 11px var(--mono);width:60px;text-align:center;padding:4px 0;border-radius:4px;color:#fff;flex:none}
.m-get{background:var(--get)}.m-post{background:var(--post)}.m-put{background:var(--put)}.m-patch{background:var(--patch)}.m-delete{background:var(--delete)}
.path{font:600 14px var(--mono)}
.summary{color:var(--muted);overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
.op-body{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);border-top:1px solid var(--line)}
.doc{padding:4px 16px 16px}
.doc p{margin:10px 0}
h4{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:16px 0 6px}
.fields{list-style:none;margin:0;padding:0}
.fields .fields{margin:4px 0 0 6px;padding-left:12px;border-left:2px solid var(--line)}
.fields li{padding:5px 0}
.field{display:flex;flex-wrap:wrap;gap:8px;align-items:baseline}
.name{font:600 13px var(--mono)}
.type{font:12px var(--mono);color:#7c3aed;word-break:break-word}
.req{font-size:11px;color:#b91c1c}
.chip{font:11px var(--mono);background:#eef1f5;border-radius:4px;padding:0 6px;color:var(--muted)}
.desc{color:var(--muted);font-size:13px;white-space:pre-line}
.schema{background:#fafbfc;border:1px solid var(--line);border-radius:6px;padding:8px 10px;margin:4px 0}
.response{margin:6px 0}
.status{font:600 12px var(--mono);padding:1px 7px;border-radius:4px;background:#e5e7eb}
.s2{background:#dcfce7;color:#166534}.s4{background:#fef3c7;color:#92400e}.s5{background:#fee2e2;color:#991b1b}
.try{background:#f8fafc;border-left:1px solid var(--line);padding:4px 16px 16px;display:flex;flex-direction:column;gap:8px}
.param{display:flex;flex-direction:column;gap:4px;font-size:13px}
.param span{display:flex;gap:8px;align-items:baseline}
input,textarea{font:13px var(--mono);border:1px solid #cfd5dd;border-radius:6px;padding:7px 9px;background:#fff;color:var(--text);width:100%}
textarea{resize:vertical;line-height:1.45}
input:focus,textarea:focus{outline:2px solid #bfd3fb;border-color:var(--accent)}
.actions{display:flex;justify-content:flex-end}
.send{font:600 13px system-ui,sans-serif;background:var(--accent);color:#fff;border:0;border-radius:6px;padding:8px 22px;cursor:pointer}
.send:hover{background:#1d48a6}.send:disabled{opacity:.6;cursor:progress}
.curl{margin:0;font:11px var(--mono);color:var(--muted);white-space:pre-wrap;word-break:break-all}
.answer-head{display:flex;gap:12px;align-items:center;margin-bottom:6px;font-size:12px}
pre.code{margin:0;background:#0f172a;color:#e2e8f0;border-radius:6px;padding:10px 12px;font:12px/1.5 var(--mono);overflow:auto;max-height:420px;white-space:pre-wrap;word-break:break-word}
.doc p code,.desc code{font:12px var(--mono);background:#eef1f5;border-radius:3px;padding:0 4px}
.more>summary{cursor:pointer;color:var(--muted);font-size:12px;margin:2px 0 0 2px}
.muted{color:var(--muted)}.small{font-size:12px}
.binary a{color:var(--accent)}
@media (max-width:900px){#app{grid-template-columns:1fr;padding:16px}.toc{display:none}.op-body{grid-template-columns:1fr}.try{border-left:0;border-top:1px solid var(--line)}}
`;

// JSON inside <script>: no sequence in it may close the element or start HTML.
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The interactive docs page of a service: one self-contained HTML page (no network access beyond
 * its own service) that loads the OpenAPI document and lets the user call every operation.
 * @example
 * app.get('/docs', () => html(renderDocsPage({ title: 'dice 1.0.0', openapiUrl: 'openapi.json' })));
 */
export function renderDocsPage(options: DocsPageOptions): string {
  const openapiUrl = options.openapiUrl ?? 'openapi.json';
  const script = `(${DOCS_SCRIPT})(${scriptJson(openapiUrl)});`;
  // Only this script and this style may run, and the page may talk to its own origin only.
  const policy = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(STYLE)}`,
    "connect-src 'self'",
    "img-src 'self' data: blob:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const title = escapeHtml(options.title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<title>${title}</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<header><div class="bar"><h1 id="name">${title}</h1><span class="pill" id="version"></span><span class="pill" id="base"></span><a href="${escapeHtml(openapiUrl)}">openapi.json</a><p id="about"></p></div></header>
<main id="app"><p class="muted">Loading the API description…</p></main>
<script>${script}</script>
</body>
</html>
`;
}
