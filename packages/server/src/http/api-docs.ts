import type { openApiDocument } from './openapi.ts';

type OpenApiDocument = ReturnType<typeof openApiDocument>;

interface Operation {
  summary?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  'x-roles'?: readonly string[] | 'any';
  parameters?: Array<{ name: string; in: string; required: boolean; schema: Record<string, unknown>; description?: string }>;
  requestBody?: { content: { 'application/json': { schema: unknown } } };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function typeOf(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return schema.enum.map(String).join(' | ');
  if (schema.type === 'array' && schema.items && typeof schema.items === 'object') return `${typeOf(schema.items as Record<string, unknown>)}[]`;
  const format = typeof schema.format === 'string' ? ` (${schema.format})` : '';
  return `${typeof schema.type === 'string' ? schema.type : Array.isArray(schema.anyOf) ? 'one of several' : 'any'}${format}`;
}

function schemaBlock(label: string, schema: unknown): string {
  return `<details><summary>${escapeHtml(label)}</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`;
}

function operationSection(method: string, path: string, operation: Operation): string {
  const id = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
  const roles = operation['x-roles'];
  const scopes = operation.security?.flatMap((s) => s.token ?? []) ?? [];
  const who = operation.security?.length
    ? `Signed in${Array.isArray(roles) && roles.length ? ` as ${roles.map(escapeHtml).join(', ')}` : ', any role'}${scopes.length ? `; or an API token with ${scopes.map(escapeHtml).join(', ')}` : ''}.`
    : 'No sign-in needed.';
  const parameters = operation.parameters ?? [];
  const rows = parameters
    .map((p) => `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : 'no'}</td><td>${escapeHtml(typeOf(p.schema))}</td><td>${escapeHtml(p.description ?? '')}</td></tr>`)
    .join('');
  const body = operation.requestBody?.content['application/json'].schema;
  const responses = Object.entries(operation.responses)
    .map(([status, response]) => {
      const schema = response.content?.['application/json']?.schema;
      return `<li><code>${status}</code> ${escapeHtml(response.description)}${schema ? schemaBlock('body', schema) : ''}</li>`;
    })
    .join('');
  return `<section id="${id}"><h3><span class="method">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(operation.summary ?? '')}</p><p class="who">${who}</p>
${rows ? `<table><thead><tr><th>parameter</th><th>in</th><th>required</th><th>type</th><th>meaning</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
${body ? schemaBlock('request body (JSON)', body) : ''}<ul class="responses">${responses}</ul></section>`;
}

/**
 * The API reference as one page of HTML, made from the same OpenAPI document as /api/openapi.json:
 * no third-party viewer (the one used before reported each installation to an analytics service)
 * and no script, so the page keeps the strict content security policy. Tools that want to call the
 * API take /api/openapi.json.
 */
export function apiReferencePage(document: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  const index = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods) as Array<[string, Operation]>) {
      const tag = operation.tags?.[0] ?? 'other';
      const id = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationSection(method, path, operation)]);
      index.set(tag, [...(index.get(tag) ?? []), `<li><a href="#${id}">${method.toUpperCase()} ${escapeHtml(path)}</a></li>`]);
    }
  }
  const tags = [...byTag.keys()].sort();
  const schemes = Object.entries(document.components.securitySchemes)
    .map(([name, scheme]) => `<li><strong>${escapeHtml(name)}</strong>: ${escapeHtml(scheme.description)}</li>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)}</title><link rel="stylesheet" href="/api/docs/docs.css"></head><body>
<header><h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${escapeHtml(document.info.description)}</p>
<p>The machine-readable description is <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${escapeHtml(document.openapi)}): load it into an API client to try the routes. Errors are problem documents (RFC 9457) with a stable <code>code</code>.</p>
<ul>${schemes}</ul></header>
<nav><h2>Routes</h2>${tags.map((tag) => `<h3>${escapeHtml(tag)}</h3><ul>${index.get(tag)!.join('')}</ul>`).join('')}</nav>
<main>${tags.map((tag) => `<h2>${escapeHtml(tag)}</h2>${byTag.get(tag)!.join('\n')}`).join('\n')}</main></body></html>`;
}

export const API_REFERENCE_STYLES = `body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 2rem;color:#1b1f24}
h1 small{font-size:.5em;color:#57606a}nav ul{columns:2;padding-left:1rem}nav h3{margin-bottom:.2rem}
section{border-top:1px solid #d0d7de;padding:.5rem 0}.method{display:inline-block;min-width:4.5rem;font-family:monospace;color:#0b5cad}
.who{color:#57606a}table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.2rem .5rem;text-align:left;vertical-align:top}
pre{background:#f6f8fa;padding:.5rem;overflow:auto;max-height:24rem}summary{cursor:pointer}`;
