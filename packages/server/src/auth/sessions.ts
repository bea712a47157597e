import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Actor, Role } from './roles.ts';

type Handle = Kysely<Database> | Transaction<Database>;

export const SESSION_COOKIE = 'homeroom_session';
/** A session ends 12 hours after sign-in, or after 2 idle hours, whichever comes first. */
export const SESSION_LIFETIME_HOURS = 12;
export const SESSION_IDLE_MINUTES = 120;

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

export async function loadActor(db: Handle, districtId: number, userId: number, via: Actor['via'] = 'session'): Promise<Actor | null> {
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'district_id', 'username', 'display_name', 'staff_id', 'student_id', 'guardian_id', 'disabled'])
    .where('district_id', '=', districtId)
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.disabled) return null;
  const roles = await db.selectFrom('user_role').select(['role', 'school_id']).where('district_id', '=', districtId).where('user_id', '=', userId).execute();
  return {
    districtId,
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    roles: roles.map((r) => ({ role: r.role as Role, schoolId: r.school_id })),
    staffId: user.staff_id,
    studentId: user.student_id,
    guardianId: user.guardian_id,
    viewedBy: null,
    via,
    tokenScopes: null,
  };
}

export async function createSession(db: Handle, user: { districtId: number; userId: number }, client: { ip: string; userAgent: string | null }) {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_LIFETIME_HOURS * 3600_000);
  await db
    .insertInto('user_session')
    .values({ id: tokenHash(token), district_id: user.districtId, user_id: user.userId, csrf_token: csrfToken, expires_at: expiresAt, ip: client.ip, user_agent: client.userAgent?.slice(0, 300) ?? null })
    .execute();
  return { token, csrfToken, expiresAt };
}

export interface SessionActor {
  sessionId: string;
  csrfToken: string;
  actor: Actor;
  /** The signed-in person (the help-desk agent when viewing as someone). */
  signedIn: Actor;
}

export async function actorForSessionToken(db: Handle, token: string): Promise<SessionActor | null> {
  const id = tokenHash(token);
  const session = await db
    .selectFrom('user_session')
    .select(['id', 'district_id', 'user_id', 'csrf_token', 'viewing_as_user_id', 'expires_at', 'last_seen_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!session) return null;
  const now = Date.now();
  if (session.expires_at.getTime() <= now || session.last_seen_at.getTime() + SESSION_IDLE_MINUTES * 60_000 <= now) {
    await db.deleteFrom('user_session').where('id', '=', id).execute();
    return null;
  }
  // Touch at most once a minute: a busy teacher's clicks should not each write a row.
  if (now - session.last_seen_at.getTime() > 60_000) await db.updateTable('user_session').set({ last_seen_at: sql`now()` }).where('id', '=', id).execute();
  const signedIn = await loadActor(db, session.district_id, session.user_id);
  if (!signedIn) return null;
  let actor = signedIn;
  if (session.viewing_as_user_id !== null) {
    const viewed = await loadActor(db, session.district_id, session.viewing_as_user_id);
    if (viewed) actor = { ...viewed, viewedBy: { userId: signedIn.userId, username: signedIn.username } };
  }
  return { sessionId: id, csrfToken: session.csrf_token, actor, signedIn };
}

export async function endSession(db: Handle, sessionId: string): Promise<void> {
  await db.deleteFrom('user_session').where('id', '=', sessionId).execute();
}

export async function endEverySession(db: Handle, districtId: number, userId: number): Promise<number> {
  const result = await db.deleteFrom('user_session').where('district_id', '=', districtId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** An integration's API token: scoped, revocable, never stored in the clear. */
export async function actorForApiToken(db: Handle, token: string): Promise<Actor | null> {
  const row = await db
    .selectFrom('api_token')
    .select(['id', 'district_id', 'name', 'scopes', 'created_by', 'revoked_at'])
    .where('token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!row || row.revoked_at) return null;
  await db.updateTable('api_token').set({ last_used_at: sql`now()` }).where('id', '=', row.id).execute();
  return {
    districtId: row.district_id,
    userId: row.created_by ?? 0,
    username: `token:${row.name}`,
    displayName: `API token ${row.name}`,
    roles: [],
    staffId: null,
    studentId: null,
    guardianId: null,
    viewedBy: null,
    via: 'token',
    tokenScopes: row.scopes,
  };
}

export async function issueApiToken(db: Handle, input: { districtId: number; name: string; scopes: string[]; createdBy: number }) {
  const token = `hr_${randomBytes(32).toString('base64url')}`;
  const row = await db
    .insertInto('api_token')
    .values({ district_id: input.districtId, name: input.name, scopes: input.scopes, token_hash: tokenHash(token), created_by: input.createdBy })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}
