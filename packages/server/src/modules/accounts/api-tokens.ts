import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { API_TOKEN_SCOPE_NAMES, API_TOKEN_SCOPES } from '../../auth/api-token-scopes.ts';
import type { Actor } from '../../auth/roles.ts';
import { API_TOKEN_DAYS, issueApiToken } from '../../auth/sessions.ts';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';
import { apiTokenForUpdate, apiTokensOf, markApiTokenRevoked } from './accounts.repository.ts';

export const issueApiTokenInput = z.strictObject({
  name: schoolText(100).describe('What the token is for, e.g. "Library system nightly roster"'),
  scopes: z
    .array(z.enum(API_TOKEN_SCOPE_NAMES))
    .min(1)
    .max(API_TOKEN_SCOPE_NAMES.length * 2)
    .transform((scopes) => [...new Set(scopes)].sort()),
  expiresInDays: z
    .number()
    .int()
    .min(1)
    .max(API_TOKEN_DAYS.max)
    .default(API_TOKEN_DAYS.default)
    .describe(`How many days the token works; ${API_TOKEN_DAYS.default} unless given, at most ${API_TOKEN_DAYS.max}. Issue a new one before it ends.`),
});

/** A new token for an integration. The secret is shown this once: only its hash is kept. */
export async function issueApiTokenForIntegration(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, input: z.output<typeof issueApiTokenInput>) {
  return db.transaction().execute(async (trx) => {
    const { id, token, expiresAt } = await issueApiToken(trx, { districtId: actor.districtId, name: input.name, scopes: input.scopes, createdBy: actor.userId, days: input.expiresInDays });
    await writeAudit(trx, actor, origin, { action: 'create', entity: 'api-token', entityId: id, details: { name: input.name, scopes: input.scopes, expiresAt: expiresAt.toISOString() } });
    return { id, name: input.name, scopes: input.scopes, expiresAt: expiresAt.toISOString(), token };
  });
}

export async function listApiTokens(db: Kysely<Database>, actor: Actor) {
  const rows = await apiTokensOf(db, actor.districtId);
  return {
    // The scopes a token may be given, with what each allows: the screen that issues tokens offers these.
    scopes: Object.entries(API_TOKEN_SCOPES).map(([name, description]) => ({ name, description })),
    tokens: rows.map((t) => ({
      id: t.id,
      name: t.name,
      scopes: t.scopes,
      createdBy: t.created_by === null ? null : { id: t.created_by, username: t.username },
      createdAt: t.created_at.toISOString(),
      lastUsedAt: t.last_used_at?.toISOString() ?? null,
      revokedAt: t.revoked_at?.toISOString() ?? null,
      expiresAt: t.expires_at.toISOString(),
      // A token answers only while the account that issued it is active.
      issuerDisabled: t.disabled !== false,
    })),
  };
}

/** Revoking takes effect on the integration's next request; revoking twice is harmless and recorded once. */
export async function revokeApiToken(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, tokenId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const token = await apiTokenForUpdate(trx, actor.districtId, tokenId);
    if (!token) throw notFound('This API token');
    if (token.revoked_at) return;
    await markApiTokenRevoked(trx, actor.districtId, tokenId);
    await writeAudit(trx, actor, origin, { action: 'revoke', entity: 'api-token', entityId: tokenId, details: { name: token.name } });
  });
}
