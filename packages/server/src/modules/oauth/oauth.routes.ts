import { z } from 'zod';
import { oauthClients, oauthTokenAnswer, registeredOAuthClient } from '@homeroom/core/api/oauth';
import { route } from '../../http/route.ts';
import { issueOAuthToken, OAuthError } from './issue-oauth-token.ts';
import { disableClient, listClients, registerOAuthClient, registerOAuthClientInput } from './oauth-clients.ts';

/** client_secret_basic (RFC 6749 §2.3.1): id and secret form-encoded, then joined by a colon in Basic. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  if (!header?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const form = (value: string) => {
    try {
      return decodeURIComponent(value.replace(/\+/g, ' '));
    } catch {
      return value;
    }
  };
  return { id: form(decoded.slice(0, colon)), secret: form(decoded.slice(colon + 1)) };
}

const tokenRequest = z.looseObject({
  grant_type: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  scope: z.string().optional(),
});

export const oauthRoutes = [
  route({
    method: 'POST',
    url: '/oauth/token',
    operationId: 'issueOAuthToken',
    summary: 'OAuth 2.0 client credentials: a bearer token for a registered client (form-encoded; client_secret_basic or client_secret_post)',
    tag: 'oneroster',
    access: { kind: 'public' },
    body: tokenRequest,
    example: { body: { grant_type: 'client_credentials', client_id: 'hrc_example', client_secret: 'hrs_example' } },
    response: { description: 'A bearer token, how many seconds it lasts and the scopes granted', schema: oauthTokenAnswer },
    async handler({ db, body, request, reply }) {
      reply.header('cache-control', 'no-store');
      const basic = basicCredentials(request.headers.authorization);
      try {
        if (basic && (body?.client_id !== undefined || body?.client_secret !== undefined)) throw new OAuthError(400, 'invalid_request', 'Authenticate the client one way only: HTTP Basic or the body, not both');
        return await issueOAuthToken(db, { grantType: body?.grant_type, clientId: basic?.id ?? body?.client_id, clientSecret: basic?.secret ?? body?.client_secret, scope: body?.scope });
      } catch (error) {
        if (!(error instanceof OAuthError)) throw error;
        if (error.status === 401) reply.header('www-authenticate', 'Basic realm="homeroom"');
        return reply.code(error.status).send({ error: error.error, error_description: error.description });
      }
    },
  }),
  route({
    method: 'GET',
    url: '/api/admin/oauth-clients',
    operationId: 'listOAuthClients',
    summary: 'The OAuth 2.0 clients (learning platforms, library, transportation) that read rosters, without secrets',
    tag: 'accounts',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    response: { description: 'The clients and the scopes a client may be given', schema: oauthClients },
    handler: ({ db, actor }) => listClients(db, actor),
  }),
  route({
    method: 'POST',
    url: '/api/admin/oauth-clients',
    operationId: 'registerOAuthClient',
    summary: 'Register an OAuth 2.0 client; its secret is shown this once',
    tag: 'accounts',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    body: registerOAuthClientInput,
    example: { body: { name: 'Learning platform', scopes: ['https://purl.imsglobal.org/spec/or/v1p2/scope/roster-core.readonly'] } },
    response: { status: 201, description: 'The client id and secret', schema: registeredOAuthClient },
    handler: ({ db, actor, origin, body }) => registerOAuthClient(db, actor, origin, actor.districtId, body),
  }),
  route({
    method: 'DELETE',
    url: '/api/admin/oauth-clients/:oauthClientId',
    operationId: 'disableOAuthClient',
    summary: 'Disable an OAuth 2.0 client: its tokens stop working at once',
    tag: 'accounts',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    params: z.strictObject({ oauthClientId: z.coerce.number().int().positive() }),
    response: { status: 204, description: 'Disabled' },
    async handler({ db, actor, origin, params, reply }) {
      await disableClient(db, actor, origin, params.oauthClientId);
      return reply.code(204).send();
    },
  }),
];
