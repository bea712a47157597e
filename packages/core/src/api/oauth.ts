import { z } from 'zod';

const id = z.number().int();
const instant = z.iso.datetime({ offset: true });

/** The answer of POST /oauth/token (RFC 6749 §5.1): a bearer token, how long it lasts, what it may read. */
export const oauthTokenAnswer = z.strictObject({
  access_token: z.string(),
  token_type: z.literal('bearer'),
  expires_in: z.number().int().positive(),
  /** The granted scopes, space-separated (RFC 6749 §3.3). */
  scope: z.string(),
});

export const oauthClientSummary = z.strictObject({
  id,
  clientId: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  requestsPerMinute: z.number().int().positive(),
  createdBy: z.strictObject({ id, username: z.string().nullable() }).nullable(),
  createdAt: instant,
  disabledAt: instant.nullable(),
});

export const oauthClients = z.strictObject({
  /** The scopes a client may be given, with what each allows. */
  scopes: z.array(z.strictObject({ name: z.string(), description: z.string() })),
  clients: z.array(oauthClientSummary),
});

/** A registered client: the secret is in this answer only, never again. */
export const registeredOAuthClient = z.strictObject({ id, clientId: z.string(), clientSecret: z.string(), name: z.string(), scopes: z.array(z.string()), requestsPerMinute: z.number().int().positive() });
