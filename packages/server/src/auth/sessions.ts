import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { preparedQuery } from '../db/prepared-query.ts';
import { calendarDayIn } from '@homeroom/core/attendance/index';
import { systemClock, type Clock } from '../clock.ts';
import type { Actor, Role } from './roles.ts';
import type { Handle } from '../db/handle.ts';

/**
 * The session cookie over https. The __Host- prefix makes the browser keep it only if it is Secure,
 * has no Domain and has path /: a page on another subdomain or on plain http cannot plant or
 * overwrite it.
 */
export const SESSION_COOKIE = '__Host-homeroom_session';
/** Its name over plain http (SECURE_COOKIES=off, the demo): a __Host- cookie must be Secure. */
export const PLAIN_HTTP_SESSION_COOKIE = 'homeroom_session';
export const sessionCookieName = (secure: boolean) => (secure ? SESSION_COOKIE : PLAIN_HTTP_SESSION_COOKIE);

declare module 'fastify' {
  interface FastifyInstance {
    /** Cookies are Secure, and the session cookie __Host-: set by configuration, never by a request's headers. */
    secureCookies: boolean;
  }
}
/** A session ends 12 hours after sign-in, or after 2 idle hours, whichever comes first. */
export const SESSION_LIFETIME_HOURS = 12;
export const SESSION_IDLE_MINUTES = 120;

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

export async function loadActor(db: Handle, districtId: number, userId: number, via: Actor['via'] = 'session', clock: Clock = systemClock): Promise<Actor | null> {
  const user = await db
    .selectFrom('app_user as u')
    .select(['u.id', 'u.username', 'u.display_name', 'u.staff_id', 'u.student_id', 'u.guardian_id', 'u.disabled', rolesOfUser, districtTimeZone])
    .where('u.district_id', '=', districtId)
    .where('u.id', '=', userId)
    .executeTakeFirst();
  return user ? actorOf(districtId, user, via, clock) : null;
}

/** The district's time zone beside the user, so that the request's day costs no round trip of its own. */
const districtTimeZone = sql<string>`(select time_zone from district where id = u.district_id)`.as('time_zone');

/**
 * The user's role grants as one JSON array, so that a user and their roles are one lookup. Each
 * grant's dates are judged in actorOf against the district's day, which SQL's current_date is not.
 */
const rolesOfUser = sql<Array<StoredGrant>>`coalesce((select json_agg(json_build_object('role', r.role, 'school_id', r.school_id, 'starts_on', r.starts_on, 'ends_on', r.ends_on))
  from user_role r where r.district_id = u.district_id and r.user_id = u.id), '[]'::json)`.as('roles');

interface StoredGrant {
  role: string;
  school_id: number | null;
  /** The first day the grant gives access; null: since always. */
  starts_on: string | null;
  /** The first day it no longer does; null: open. */
  ends_on: string | null;
}

/** Does a grant hold on the district's day? Dates are ISO days, so text order is day order. */
export const grantHoldsOn = (grant: { starts_on: string | null; ends_on: string | null }, today: string) =>
  (grant.starts_on === null || grant.starts_on <= today) && (grant.ends_on === null || grant.ends_on > today);

interface UserWithRoles {
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

function actorOf(districtId: number, user: UserWithRoles, via: Actor['via'], clock: Clock): Actor | null {
  if (user.disabled) return null;
  const today = calendarDayIn(clock.now(), user.time_zone);
  return {
    districtId,
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    roles: user.roles.filter((r) => grantHoldsOn(r, today)).map((r) => ({ role: r.role as Role, schoolId: r.school_id })),
    staffId: user.staff_id,
    studentId: user.student_id,
    guardianId: user.guardian_id,
    viewedBy: null,
    via,
    tokenScopes: null,
    integration: null,
    timeZone: user.time_zone,
    today,
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

/** actorForSessionToken's statement, compiled once: every request a signed-in person makes runs it. */
const sessionLookup = preparedQuery((db, v: { id: string }) =>
  db
    // Touched at most once a minute, in the same statement: a busy teacher's clicks should not each
    // write a row, nor cost a round trip of their own. The lookup below still sees the time before
    // the touch, which is what the idle rule is about.
    .with('touched', (w) =>
      w
        .updateTable('user_session')
        .set({ last_seen_at: sql`now()` })
        .where('id', '=', v.id)
        .where(sql<boolean>`last_seen_at < now() - interval '1 minute' and last_seen_at > now() - make_interval(mins => ${SESSION_IDLE_MINUTES}) and expires_at > now()`)
        .returning('id'),
    )
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', (j) => j.onRef('u.district_id', '=', 's.district_id').onRef('u.id', '=', 's.user_id'))
    .select(['s.district_id', 's.csrf_token', 's.viewing_as_user_id', 's.expires_at', 's.last_seen_at'])
    .select(['u.id', 'u.username', 'u.display_name', 'u.staff_id', 'u.student_id', 'u.guardian_id', 'u.disabled', rolesOfUser, districtTimeZone])
    .where('s.id', '=', v.id),
);

/**
 * The session, its user and the user's roles in one lookup: every request a signed-in person makes
 * starts here, 50,000 of them in the first minutes of the school year.
 */
export async function actorForSessionToken(db: Handle, token: string, clock: Clock = systemClock): Promise<SessionActor | null> {
  const id = tokenHash(token);
  const [session] = await sessionLookup(db, { id });
  if (!session) return null;
  const now = Date.now();
  if (session.expires_at.getTime() <= now || session.last_seen_at.getTime() + SESSION_IDLE_MINUTES * 60_000 <= now) {
    await db.deleteFrom('user_session').where('id', '=', id).execute();
    return null;
  }
  const signedIn = actorOf(session.district_id, session, 'session', clock);
  if (!signedIn) return null;
  let actor = signedIn;
  if (session.viewing_as_user_id !== null) {
    const viewed = await loadActor(db, session.district_id, session.viewing_as_user_id, 'session', clock);
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

/**
 * An integration's API token: scoped, revocable, never stored in the clear. It answers until it
 * expires, and only while the account that issued it may still sign in: a district administrator
 * who leaves, once disabled, takes the tokens they issued along. It acts with the issuer's roles as
 * they are now (never as they were when it was issued), narrowed by its scopes: a teacher's token
 * with `students.read` reads that teacher's students, and a role taken away is taken from its tokens.
 */
export async function actorForApiToken(db: Handle, token: string, clock: Clock = systemClock): Promise<Actor | null> {
  const row = await db
    .selectFrom('api_token as t')
    .innerJoin('app_user as u', (j) => j.onRef('u.district_id', '=', 't.district_id').onRef('u.id', '=', 't.created_by'))
    .select(['t.id as token_id', 't.district_id', 't.name', 't.scopes'])
    .select(['u.id', 'u.username', 'u.display_name', 'u.staff_id', 'u.student_id', 'u.guardian_id', 'u.disabled', rolesOfUser, districtTimeZone])
    .where('t.token_hash', '=', tokenHash(token))
    .where('t.revoked_at', 'is', null)
    .where('t.expires_at', '>', sql<Date>`now()`)
    .where('u.disabled', '=', false)
    .executeTakeFirst();
  if (!row) return null;
  const issuer = actorOf(row.district_id, row, 'token', clock);
  if (!issuer) return null;
  await db.updateTable('api_token').set({ last_used_at: sql`now()` }).where('district_id', '=', row.district_id).where('id', '=', row.token_id).execute();
  return { ...issuer, tokenScopes: row.scopes, integration: { kind: 'api-token', id: row.token_id, name: row.name } };
}

/** How long a token lasts unless its issuer says otherwise, and at most. */
export const API_TOKEN_DAYS = { default: 90, max: 366 };

export async function issueApiToken(db: Handle, input: { districtId: number; name: string; scopes: string[]; createdBy: number; days?: number }) {
  const token = `hr_${randomBytes(32).toString('base64url')}`;
  const days = input.days ?? API_TOKEN_DAYS.default;
  const row = await db
    .insertInto('api_token')
    .values({ district_id: input.districtId, name: input.name, scopes: input.scopes, token_hash: tokenHash(token), created_by: input.createdBy, expires_at: sql<Date>`now() + make_interval(days => ${days})` })
    .returning(['id', 'expires_at'])
    .executeTakeFirstOrThrow();
  return { id: row.id, token, expiresAt: row.expires_at };
}
