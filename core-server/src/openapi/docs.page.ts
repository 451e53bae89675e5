import { escapeHtml as esc } from '../kernel/html';

type Doc = ReturnType<typeof import('./openapi.document').buildOpenApiDocument>;

function schemaLabel(schema: unknown): string {
  const s = schema as { $ref?: string; type?: string; items?: unknown } | undefined;
  if (!s) return '';
  if (s.$ref) {
    const name = s.$ref.split('/').pop();
    return `<a href="#schema-${esc(name)}">${esc(name)}</a>`;
  }
  if (s.type === 'array') return `${schemaLabel(s.items)}[]`;
  return esc(s.type ?? 'object');
}

/** A readable, dependency-free API reference rendered from the OpenAPI document. */
export function renderDocsPage(doc: Doc): string {
  const byTag = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(doc.paths ?? {})) {
    for (const [method, raw] of Object.entries(methods as Record<string, unknown>)) {
      const op = raw as {
        operationId: string; summary?: string; description?: string; tags?: string[];
        parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: unknown }>;
        requestBody?: { content: Record<string, { schema: unknown }> };
        responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
      };
      const params = (op.parameters ?? [])
        .map((p) => `<tr><td><code>${esc(p.name)}</code></td><td>${esc(p.in)}</td><td>${p.required ? 'yes' : ''}</td><td>${schemaLabel(p.schema)}</td><td>${esc(p.description)}</td></tr>`)
        .join('');
      const body = op.requestBody
        ? Object.entries(op.requestBody.content).map(([type, c]) => `<p>Body (<code>${esc(type)}</code>): ${schemaLabel(c.schema)}</p>`).join('')
        : '';
      const responses = Object.entries(op.responses)
        .map(([code, r]) => `<li><b>${esc(code)}</b> ${esc(r.description)} ${r.content ? schemaLabel(Object.values(r.content)[0]?.schema) : ''}</li>`)
        .join('');
      const html = `<section class="op" id="${esc(op.operationId)}">
  <h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
  <p>${esc(op.description ?? op.summary)}</p>
  ${params ? `<table><tr><th>Name</th><th>In</th><th>Required</th><th>Type</th><th>Description</th></tr>${params}</table>` : ''}
  ${body}<ul>${responses}</ul></section>`;
      const tag = op.tags?.[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(([name, s]) => `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3><pre>${esc(JSON.stringify(s, null, 2))}</pre></section>`)
    .join('');
  const nav = [...byTag.keys()].map((t) => `<a href="#tag-${esc(t)}">${esc(t)}</a>`).join(' · ');
  const sections = [...byTag].map(([t, ops]) => `<h2 id="tag-${esc(t)}">${esc(t)}</h2>${ops.join('')}`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(doc.info.title)} ${esc(doc.info.version)}</title><style>
body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:0 auto;padding:1rem 1.5rem;color:#1d2330}
h1{margin-bottom:.2rem}nav{position:sticky;top:0;background:#fff;padding:.5rem 0;border-bottom:1px solid #dde}
.op{border:1px solid #dde;border-radius:8px;padding:.2rem 1rem;margin:1rem 0}
.m{display:inline-block;min-width:4.2em;text-align:center;border-radius:4px;color:#fff;font-size:.8em;padding:.1em .4em}
.get{background:#2563eb}.post{background:#15803d}.put{background:#a16207}.patch{background:#7c3aed}.delete{background:#b91c1c}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eef;padding:.25rem;text-align:left;vertical-align:top}
pre{background:#f6f7fb;padding:.75rem;overflow:auto;border-radius:6px;font-size:13px}
</style></head><body><h1>${esc(doc.info.title)} <small>${esc(doc.info.version)}</small></h1>
<p>${esc(doc.info.description)}</p><p>Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>. Errors always have the shape <code>{ "error": { "code", "message", "details" } }</code>.</p>
<nav>${nav} · <a href="#schemas">Schemas</a></nav>${sections}<h2 id="schemas">Schemas</h2>${schemas}</body></html>`;
}
