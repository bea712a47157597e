import { sql } from 'kysely';
import type { Handle } from '../../db/handle.ts';

export async function insertOAuthClient(db: Handle, row: { districtId: number; clientId: string; name: string; secretHash: string; scopes: string[]; createdBy: number | null; requestsPerMinute?: number }) {
  return db
    .insertInto('oauth_client')
    .values({ district_id: row.districtId, client_id: row.clientId, name: row.name, secret_hash: row.secretHash, scopes: row.scopes, created_by: row.createdBy, ...(row.requestsPerMinute ? { requests_per_minute: row.requestsPerMinute } : {}) })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
}

/** The client a token request names, enabled or not (the caller tells the two apart for the audit trail). */
export async function findOAuthClient(db: Handle, clientId: string) {
  return db.selectFrom('oauth_client').select(['district_id', 'id', 'client_id', 'name', 'secret_hash', 'scopes', 'disabled_at']).where('client_id', '=', clientId).executeTakeFirst();
}

export async function insertOAuthAccessToken(db: Handle, row: { tokenHash: string; districtId: number; clientId: number; scopes: string[]; seconds: number }) {
  return db
    .insertInto('oauth_access_token')
    .values({ token_hash: row.tokenHash, district_id: row.districtId, client_id: row.clientId, scopes: row.scopes, expires_at: sql<Date>`now() + make_interval(secs => ${row.seconds})` })
    .returning('expires_at')
    .executeTakeFirstOrThrow();
}

/**
 * The client behind a bearer token, counting this request against its limit in the same statement:
 * a fixed one-minute window kept on the client's row, so that every server process counts the same
 * requests. Nothing when the token is unknown, expired, or its client disabled.
 */
export async function oauthTokenWithRequestCounted(db: Handle, tokenHash: string) {
  const { rows } = await sql<{ district_id: number; id: number; client_id: string; name: string; scopes: string[]; time_zone: string; requests: number; limit: number }>`
    with found as (
      select t.district_id, t.client_id as id, t.scopes from oauth_access_token t
      where t.token_hash = ${tokenHash} and t.expires_at > now()
    ), counted as (
      update oauth_client c set
        rate_window_start = case when c.rate_window_start <= now() - interval '1 minute' then now() else c.rate_window_start end,
        rate_window_count = case when c.rate_window_start <= now() - interval '1 minute' then 1 else c.rate_window_count + 1 end
      from found f where c.district_id = f.district_id and c.id = f.id and c.disabled_at is null
      returning c.district_id, c.id, c.client_id, c.name, c.rate_window_count, c.requests_per_minute
    )
    select c.district_id, c.id, c.client_id, c.name, f.scopes, d.time_zone, c.rate_window_count as requests, c.requests_per_minute as "limit"
    from counted c join found f on f.district_id = c.district_id and f.id = c.id join district d on d.id = c.district_id`.execute(db);
  const row = rows[0];
  return row ? { ...row, district_id: Number(row.district_id), id: Number(row.id), requests: Number(row.requests), limit: Number(row.limit) } : undefined;
}

export async function listOAuthClients(db: Handle, districtId: number) {
  return db
    .selectFrom('oauth_client as c')
    .leftJoin('app_user as u', (join) => join.onRef('u.district_id', '=', 'c.district_id').onRef('u.id', '=', 'c.created_by'))
    .select(['c.id', 'c.client_id', 'c.name', 'c.scopes', 'c.requests_per_minute', 'c.created_at', 'c.disabled_at', 'c.created_by', 'u.username'])
    .where('c.district_id', '=', districtId)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
}

export async function lockOAuthClient(db: Handle, districtId: number, id: number) {
  return db.selectFrom('oauth_client').select(['id', 'client_id', 'name', 'disabled_at']).where('district_id', '=', districtId).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Disabling ends the client's tokens too: a disabled client's token is refused anyway, this keeps no secret alive. */
export async function disableOAuthClient(db: Handle, districtId: number, id: number) {
  await db.updateTable('oauth_client').set({ disabled_at: sql<Date>`now()` }).where('district_id', '=', districtId).where('id', '=', id).execute();
  await db.deleteFrom('oauth_access_token').where('district_id', '=', districtId).where('client_id', '=', id).execute();
}
