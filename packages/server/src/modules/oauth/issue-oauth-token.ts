import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { tokenHash } from '../../auth/sessions.ts';
import { findOAuthClient, insertOAuthAccessToken } from './oauth.repository.ts';
import { sameSecret } from './oauth-clients.ts';

/** How long a client's bearer token lasts: an hour, then it asks again with its secret. */
export const OAUTH_TOKEN_SECONDS = 3600;

/** RFC 6749 §5.2's error answer: its own shape, which OAuth clients read, not a problem document. */
export class OAuthError extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly error: 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope',
    readonly description: string,
  ) {
    super(description);
  }
}

export interface TokenRequest {
  grantType: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
  /** Space-separated; none: every scope the client was given. */
  scope: string | undefined;
}

/** The client credentials grant (RFC 6749 §4.4): a bearer token for the scopes asked, within the client's. */
export async function issueOAuthToken(db: Kysely<Database>, request: TokenRequest) {
  if (!request.grantType) throw new OAuthError(400, 'invalid_request', 'grant_type is required');
  if (request.grantType !== 'client_credentials') throw new OAuthError(400, 'unsupported_grant_type', `grant_type ${request.grantType} is not supported: use client_credentials`);
  if (!request.clientId || !request.clientSecret) throw new OAuthError(401, 'invalid_client', 'The client must authenticate (HTTP Basic, or client_id and client_secret in the body)');
  const client = await findOAuthClient(db, request.clientId);
  // An unknown client, a wrong secret and a disabled client are one answer: it reveals nothing.
  if (!client || !sameSecret(request.clientSecret, client.secret_hash) || client.disabled_at) throw new OAuthError(401, 'invalid_client', 'The client id or secret is not valid, or the client is disabled');
  const asked = request.scope?.trim() ? [...new Set(request.scope.trim().split(/\s+/))] : client.scopes;
  const refused = asked.filter((scope) => !client.scopes.includes(scope));
  if (refused.length) throw new OAuthError(400, 'invalid_scope', `The client was not given: ${refused.join(' ')}`);
  const granted = [...asked].sort();
  const token = `hro_${randomBytes(32).toString('base64url')}`;
  await insertOAuthAccessToken(db, { tokenHash: tokenHash(token), districtId: client.district_id, clientId: client.id, scopes: granted, seconds: OAUTH_TOKEN_SECONDS });
  return { access_token: token, token_type: 'bearer' as const, expires_in: OAUTH_TOKEN_SECONDS, scope: granted.join(' ') };
}
