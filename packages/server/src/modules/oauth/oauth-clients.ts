import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { ONEROSTER_SCOPE_NAMES, ONEROSTER_SCOPES } from '../../auth/api-token-scopes.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';
import { disableOAuthClient, insertOAuthClient, listOAuthClients, lockOAuthClient } from './oauth.repository.ts';

/**
 * A secret of 256 random bits kept as its SHA-256: a slow password hash protects secrets a person
 * could guess, and nobody guesses this one; the hash is what the database holds, never the secret.
 */
export const secretHash = (secret: string) => createHash('sha256').update(secret).digest('base64url');

export const sameSecret = (secret: string, hash: string) => {
  const a = Buffer.from(secretHash(secret));
  const b = Buffer.from(hash);
  return a.length === b.length && timingSafeEqual(a, b);
};

export const registerOAuthClientInput = z.strictObject({
  name: schoolText(100).describe('Which system the client is, e.g. "Canvas" or "District library"'),
  scopes: z
    .array(z.enum(ONEROSTER_SCOPE_NAMES))
    .min(1)
    .max(ONEROSTER_SCOPE_NAMES.length * 2)
    .transform((scopes) => [...new Set(scopes)].sort()),
  requestsPerMinute: z.number().int().min(1).max(100_000).default(1200).describe('Requests a minute the client may make before it is told the service is busy (429)'),
});

/** A new client: its id and secret are shown this once; only the secret's hash is kept. */
export async function registerOAuthClient(db: Kysely<Database>, actor: Actor | null, origin: RequestOrigin, districtId: number, input: z.output<typeof registerOAuthClientInput>) {
  const clientId = `hrc_${randomBytes(12).toString('base64url')}`;
  const clientSecret = `hrs_${randomBytes(32).toString('base64url')}`;
  return db.transaction().execute(async (trx) => {
    const { id } = await insertOAuthClient(trx, { districtId, clientId, name: input.name, secretHash: secretHash(clientSecret), scopes: input.scopes, createdBy: actor?.userId ?? null, requestsPerMinute: input.requestsPerMinute });
    if (actor) await writeAudit(trx, actor, origin, { action: 'create', entity: 'oauth-client', entityId: clientId, details: { name: input.name, scopes: input.scopes } });
    return { id, clientId, clientSecret, name: input.name, scopes: input.scopes, requestsPerMinute: input.requestsPerMinute };
  });
}

export async function listClients(db: Kysely<Database>, actor: Actor) {
  const rows = await listOAuthClients(db, actor.districtId);
  return {
    scopes: Object.entries(ONEROSTER_SCOPES).map(([name, description]) => ({ name, description })),
    clients: rows.map((c) => ({
      id: c.id,
      clientId: c.client_id,
      name: c.name,
      scopes: c.scopes,
      requestsPerMinute: c.requests_per_minute,
      createdBy: c.created_by === null ? null : { id: c.created_by, username: c.username },
      createdAt: c.created_at.toISOString(),
      disabledAt: c.disabled_at?.toISOString() ?? null,
    })),
  };
}

/** Disabling takes effect on the client's next request; its tokens end with it. Twice is harmless and recorded once. */
export async function disableClient(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const client = await lockOAuthClient(trx, actor.districtId, id);
    if (!client) throw notFound('This OAuth client');
    if (client.disabled_at) return;
    await disableOAuthClient(trx, actor.districtId, id);
    await writeAudit(trx, actor, origin, { action: 'disable', entity: 'oauth-client', entityId: client.client_id, details: { name: client.name } });
  });
}
