import { problemDocument } from '@homeroom/core/api/problem';
import { z } from 'zod';
import { PLAIN_HTTP_SESSION_COOKIE, SESSION_COOKIE } from '../auth/sessions.ts';
import type { RouteDefinition } from './route.ts';

function jsonSchema(schema: z.ZodType) {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const object = jsonSchema(schema) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (object.required ?? []).includes(name),
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

const problem = { description: 'A problem document (RFC 9457) with a stable code', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };

/** The OpenAPI 3 document, generated from the same route table and zod schemas that serve requests. */
export function openApiDocument(routes: RouteDefinition[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const status = String(r.response?.status ?? 200);
    const signedIn = r.access.kind === 'signed-in';
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      operationId: r.operationId,
      summary: r.summary,
      tags: [r.tag],
      ...(signedIn
        ? {
            security: [{ session: [] }, ...(r.access.kind === 'signed-in' && r.access.tokenScopes?.length ? [{ token: [...r.access.tokenScopes] }] : [])],
            'x-roles': r.access.kind === 'signed-in' ? r.access.roles : [],
          }
        : { security: [] }),
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      ...(r.body ? { requestBody: { ...bodyRule(r.body), content: { 'application/json': { schema: jsonSchema(r.body) } } } } : {}),
      responses: {
        [status]: { description: r.response?.description ?? 'OK', ...(r.response?.schema ? { content: { 'application/json': { schema: jsonSchema(r.response.schema) }, ...Object.fromEntries((r.response.alternatives ?? []).map((a) => [a.mediaType, { schema: { type: 'string', format: 'binary', description: a.description } }])) } } : {}) },
        '400': problem,
        ...(signedIn ? { '401': problem, '403': problem } : {}),
        ...(r.method === 'PATCH' || r.method === 'PUT' ? { '412': problem, '428': problem } : {}),
        ...(r.params ? { '404': problem } : {}),
        // A redirect has no success of its own: what else it answers is a problem.
        ...(status.startsWith('2') ? {} : { default: problem }),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Homeroom API', version: '0.1.0', description: 'The student information system API. Every read and write of a student record is scoped to the students the caller serves and written to the FERPA audit trail.' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: `Browser session (${PLAIN_HTTP_SESSION_COOKIE} when served over plain http, SECURE_COOKIES=off); changes also need the X-CSRF-Token header from /api/auth/session.` },
        // Only when a route takes one: an unused scheme would say the API takes tokens where it does not.
        ...(routes.some((r) => r.access.kind === 'signed-in' && r.access.tokenScopes?.length) ? { token: { type: 'http' as const, scheme: 'bearer', description: 'API token for integrations, scoped, expiring and revocable; refused once the account that issued it is disabled.' } } : {}),
      },
      schemas: {
        Problem: jsonSchema(problemDocument),
      },
    },
    paths,
  };
}

/**
 * What a body must be: a JSON object. A route whose fields are all optional may be called with no
 * body at all, which reads as {}; JSON's null is never a body.
 */
function bodyRule(body: z.ZodType) {
  const optional = body.safeParse({}).success;
  return { required: !optional, description: optional ? 'A JSON object; with no body the request reads as {}. null, arrays and other values are refused.' : 'A JSON object. null, arrays and other values are refused.' };
}
