import { sql } from 'kysely';
import type { Handle } from '../../db/handle.ts';

/** A search typed by a person matches its own % and _ literally. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The district's API tokens, newest first, with who issued each. */
export async function apiTokensOf(db: Handle, districtId: number) {
  return db
    .selectFrom('api_token as t')
    .leftJoin('app_user as u', (join) => join.onRef('u.district_id', '=', 't.district_id').onRef('u.id', '=', 't.created_by'))
    .select(['t.id', 't.name', 't.scopes', 't.created_at', 't.last_used_at', 't.revoked_at', 't.expires_at', 't.created_by', 'u.username', 'u.disabled'])
    .where('t.district_id', '=', districtId)
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc')
    .execute();
}

export async function apiTokenForUpdate(db: Handle, districtId: number, tokenId: number) {
  return db.selectFrom('api_token').select(['id', 'name', 'revoked_at']).where('district_id', '=', districtId).where('id', '=', tokenId).forUpdate().executeTakeFirst();
}

export async function markApiTokenRevoked(db: Handle, districtId: number, tokenId: number) {
  await db.updateTable('api_token').set({ revoked_at: new Date() }).where('district_id', '=', districtId).where('id', '=', tokenId).execute();
}

export async function accountForUpdate(db: Handle, districtId: number, userId: number) {
  return db.selectFrom('app_user').select(['id', 'username', 'locked_until', 'failed_sign_ins']).where('district_id', '=', districtId).where('id', '=', userId).forUpdate().executeTakeFirst();
}

/** Accounts whose username or name holds the search, by username. */
export async function searchAccounts(db: Handle, districtId: number, search: string | undefined, limit: number) {
  let query = db.selectFrom('app_user').select(['id', 'username', 'display_name', 'disabled', 'locked_until', 'oidc_subject', 'password_hash', 'student_id']).where('district_id', '=', districtId);
  if (search !== undefined) {
    const pattern = `%${escapeLike(search.toLowerCase())}%`;
    query = query.where((eb) => eb.or([eb(sql`lower(username)`, 'like', pattern), eb(sql`lower(display_name)`, 'like', pattern)]));
  }
  return query.orderBy('username').limit(limit).execute();
}

export async function roleGrantsOf(db: Handle, districtId: number, userIds: readonly number[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('user_role')
    .select(['user_id', 'role', 'school_id', sql<string | null>`starts_on::text`.as('starts_on'), sql<string | null>`ends_on::text`.as('ends_on')])
    .where('district_id', '=', districtId)
    .where('user_id', 'in', userIds)
    .execute();
}

export async function clearAccountLock(db: Handle, districtId: number, userId: number) {
  await db.updateTable('app_user').set({ failed_sign_ins: 0, locked_until: null }).where('district_id', '=', districtId).where('id', '=', userId).execute();
}

export async function usernameOf(db: Handle, districtId: number, userId: number): Promise<string | null> {
  const account = await db.selectFrom('app_user').select('username').where('district_id', '=', districtId).where('id', '=', userId).executeTakeFirst();
  return account?.username ?? null;
}

/** A new password, which also unlocks the account. */
export async function setPassword(db: Handle, districtId: number, userId: number, passwordHash: string) {
  await db
    .updateTable('app_user')
    .set((eb) => ({ password_hash: passwordHash, failed_sign_ins: 0, locked_until: null, version: eb('version', '+', 1) }))
    .where('district_id', '=', districtId)
    .where('id', '=', userId)
    .execute();
}
