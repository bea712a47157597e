import { sql } from 'kysely';
import { preparedQuery } from '../db/prepared-query.ts';
import type { Handle } from '../db/handle.ts';

/**
 * The statements behind sessions and API tokens. The rules (when a session has expired, which
 * grants hold today, what a token may do) are sessions.ts's; these only read and write the rows.
 */

/** The district's time zone beside the user, so that the request's day costs no round trip of its own. */
const districtTimeZone = sql<string>`(select time_zone from district where id = u.district_id)`.as('time_zone');

/**
 * The user's role grants as one JSON array, so that a user and their roles are one lookup. Each
 * grant's dates are judged against the district's day (sessions.ts), which SQL's current_date is not.
 */
const rolesOfUser = sql<Array<StoredGrant>>`coalesce((select json_agg(json_build_object('role', r.role, 'school_id', r.school_id, 'starts_on', r.starts_on, 'ends_on', r.ends_on))
  from user_role r where r.district_id = u.district_id and r.user_id = u.id), '[]'::json)`.as('roles');

export interface StoredGrant {
  role: string;
  school_id: number | null;
  /** The first day the grant gives access; null: since always. */
  starts_on: string | null;
  /** The first day it no longer does; null: open. */
  ends_on: string | null;
}

export interface UserWithRoles {
  id: number;
  username: string;
  display_name: string;
  staff_id: number | null;
  student_id: number | null;
  guardian_id: number | null;
  disabled: boolean;
  roles: StoredGrant[];
  time_zone: string;
}

const USER_COLUMNS = ['u.id', 'u.username', 'u.display_name', 'u.staff_id', 'u.student_id', 'u.guardian_id', 'u.disabled'] as const;

export async function userWithRoles(db: Handle, districtId: number, userId: number): Promise<UserWithRoles | undefined> {
  return db.selectFrom('app_user as u').select([...USER_COLUMNS, rolesOfUser, districtTimeZone]).where('u.district_id', '=', districtId).where('u.id', '=', userId).executeTakeFirst();
}

export async function insertSession(db: Handle, session: { id: string; districtId: number; userId: number; csrfToken: string; expiresAt: Date; ip: string; userAgent: string | null }): Promise<void> {
  await db
    .insertInto('user_session')
    .values({ id: session.id, district_id: session.districtId, user_id: session.userId, csrf_token: session.csrfToken, expires_at: session.expiresAt, ip: session.ip, user_agent: session.userAgent })
    .execute();
}

/** The session of a token's hash with its user and roles, compiled once: every request a signed-in person makes runs it. */
export const sessionWithUser = preparedQuery((db, v: { id: string; idleMinutes: number }) =>
  db
    // Touched at most once a minute, in the same statement: a busy teacher's clicks should not each
    // write a row, nor cost a round trip of their own. The lookup below still sees the time before
    // the touch, which is what the idle rule is about.
    .with('touched', (w) =>
      w
        .updateTable('user_session')
        .set({ last_seen_at: sql`now()` })
        .where('id', '=', v.id)
        .where(sql<boolean>`last_seen_at < now() - interval '1 minute' and last_seen_at > now() - make_interval(mins => ${v.idleMinutes}) and expires_at > now()`)
        .returning('id'),
    )
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', (j) => j.onRef('u.district_id', '=', 's.district_id').onRef('u.id', '=', 's.user_id'))
    .select(['s.district_id', 's.csrf_token', 's.viewing_as_user_id', 's.expires_at', 's.last_seen_at'])
    .select([...USER_COLUMNS, rolesOfUser, districtTimeZone])
    .where('s.id', '=', v.id),
);

export async function deleteSession(db: Handle, sessionId: string): Promise<void> {
  await db.deleteFrom('user_session').where('id', '=', sessionId).execute();
}

export async function deleteSessionsOf(db: Handle, districtId: number, userId: number): Promise<number> {
  const result = await db.deleteFrom('user_session').where('district_id', '=', districtId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A live token of this hash (not revoked, not expired) whose issuer is not disabled, with the issuer and their roles. */
export async function liveApiToken(db: Handle, hash: string) {
  return db
    .selectFrom('api_token as t')
    .innerJoin('app_user as u', (j) => j.onRef('u.district_id', '=', 't.district_id').onRef('u.id', '=', 't.created_by'))
    .select(['t.id as token_id', 't.district_id', 't.name', 't.scopes'])
    .select([...USER_COLUMNS, rolesOfUser, districtTimeZone])
    .where('t.token_hash', '=', hash)
    .where('t.revoked_at', 'is', null)
    .where('t.expires_at', '>', sql<Date>`now()`)
    .where('u.disabled', '=', false)
    .executeTakeFirst();
}

export async function touchApiToken(db: Handle, districtId: number, tokenId: number): Promise<void> {
  await db.updateTable('api_token').set({ last_used_at: sql`now()` }).where('district_id', '=', districtId).where('id', '=', tokenId).execute();
}

export async function insertApiToken(db: Handle, token: { districtId: number; name: string; scopes: string[]; hash: string; createdBy: number; days: number }) {
  return db
    .insertInto('api_token')
    .values({ district_id: token.districtId, name: token.name, scopes: token.scopes, token_hash: token.hash, created_by: token.createdBy, expires_at: sql<Date>`now() + make_interval(days => ${token.days})` })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
}
