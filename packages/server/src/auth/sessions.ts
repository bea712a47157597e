import { createHash, randomBytes } from 'node:crypto';
import { calendarDayIn } from '@homeroom/core/attendance/index';
import { systemClock, type Clock } from '../clock.ts';
import type { Actor, Role } from './roles.ts';
import type { Handle } from '../db/handle.ts';
import { deleteSession, deleteSessionsOf, insertApiToken, insertSession, liveApiToken, sessionWithUser, touchApiToken, userWithRoles, type UserWithRoles } from './sessions.repository.ts';

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
  const user = await userWithRoles(db, districtId, userId);
  return user ? actorOf(districtId, user, via, clock) : null;
}

/** Does a grant hold on the district's day? Dates are ISO days, so text order is day order. */
export const grantHoldsOn = (grant: { starts_on: string | null; ends_on: string | null }, today: string) =>
  (grant.starts_on === null || grant.starts_on <= today) && (grant.ends_on === null || grant.ends_on > today);

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
  await insertSession(db, { id: tokenHash(token), districtId: user.districtId, userId: user.userId, csrfToken, expiresAt, ip: client.ip, userAgent: client.userAgent?.slice(0, 300) ?? null });
  return { token, csrfToken, expiresAt };
}

export interface SessionActor {
  sessionId: string;
  csrfToken: string;
  actor: Actor;
  /** The signed-in person (the help-desk agent when viewing as someone). */
  signedIn: Actor;
}

/**
 * The session, its user and the user's roles in one lookup: every request a signed-in person makes
 * starts here, 50,000 of them in the first minutes of the school year.
 */
export async function actorForSessionToken(db: Handle, token: string, clock: Clock = systemClock): Promise<SessionActor | null> {
  const id = tokenHash(token);
  const [session] = await sessionWithUser(db, { id, idleMinutes: SESSION_IDLE_MINUTES });
  if (!session) return null;
  const now = Date.now();
  if (session.expires_at.getTime() <= now || session.last_seen_at.getTime() + SESSION_IDLE_MINUTES * 60_000 <= now) {
    await deleteSession(db, id);
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
  await deleteSession(db, sessionId);
}

export async function endEverySession(db: Handle, districtId: number, userId: number): Promise<number> {
  return deleteSessionsOf(db, districtId, userId);
}

/**
 * An integration's API token: scoped, revocable, never stored in the clear. It answers until it
 * expires, and only while the account that issued it may still sign in: a district administrator
 * who leaves, once disabled, takes the tokens they issued along. It acts with the issuer's roles as
 * they are now (never as they were when it was issued), narrowed by its scopes: a teacher's token
 * with `students.read` reads that teacher's students, and a role taken away is taken from its tokens.
 */
export async function actorForApiToken(db: Handle, token: string, clock: Clock = systemClock): Promise<Actor | null> {
  const row = await liveApiToken(db, tokenHash(token));
  if (!row) return null;
  const issuer = actorOf(row.district_id, row, 'token', clock);
  if (!issuer) return null;
  await touchApiToken(db, row.district_id, row.token_id);
  return { ...issuer, tokenScopes: row.scopes, integration: { kind: 'api-token', id: row.token_id, name: row.name } };
}

/** How long a token lasts unless its issuer says otherwise, and at most. */
export const API_TOKEN_DAYS = { default: 90, max: 366 };

export async function issueApiToken(db: Handle, input: { districtId: number; name: string; scopes: string[]; createdBy: number; days?: number }) {
  const token = `hr_${randomBytes(32).toString('base64url')}`;
  const days = input.days ?? API_TOKEN_DAYS.default;
  const row = await insertApiToken(db, { districtId: input.districtId, name: input.name, scopes: input.scopes, hash: tokenHash(token), createdBy: input.createdBy, days });
  return { id: row.id, token, expiresAt: row.expires_at };
}
