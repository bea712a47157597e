import { sql } from 'kysely';
import type { Handle } from '../../db/handle.ts';

/** Wrong passwords from one address within the last minutes: a guesser's pace, whatever the usernames. */
export async function recentFailedSignIns(db: Handle, ip: string, minutes: number): Promise<number> {
  const { n } = await db
    .selectFrom('sign_in_attempt')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('ip', '=', ip)
    .where('succeeded', '=', false)
    .where('attempted_at', '>', sql<Date>`now() - make_interval(mins => ${minutes})`)
    .executeTakeFirstOrThrow();
  return n;
}

export async function recordSignInAttempt(db: Handle, attempt: { ip: string; username: string; succeeded: boolean }) {
  await db.insertInto('sign_in_attempt').values({ ip: attempt.ip, username: attempt.username.slice(0, 100), succeeded: attempt.succeeded }).execute();
}

/** The account a username names, case-insensitively; like SSO's subject, the first district that knows it wins. */
export async function accountByUsername(db: Handle, username: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'district_id', 'password_hash', 'disabled', 'locked_until'])
    .where(sql<string>`lower(username)`, '=', username.toLowerCase())
    .orderBy('district_id')
    .executeTakeFirst();
}

/**
 * Counts a wrong password, locking the account at the limit. Counted by the database in one
 * statement: wrong passwords sent all at once must each count, not all read the same count and
 * write back the same count plus one.
 */
export async function countWrongPassword(db: Handle, districtId: number, userId: number, limit: number, lockMinutes: number) {
  await db
    .updateTable('app_user')
    .set((eb) => ({
      failed_sign_ins: eb('failed_sign_ins', '+', 1),
      locked_until: eb.case().when('failed_sign_ins', '>=', limit - 1).then(sql<Date>`now() + make_interval(mins => ${lockMinutes})`).else(eb.ref('locked_until')).end(),
    }))
    .where('district_id', '=', districtId)
    .where('id', '=', userId)
    .execute();
}

/**
 * Clears the wrong-password count of an account that is not locked; false when it is. A burst of
 * guesses sent at once must not get one through after the fifth has locked the account.
 */
export async function clearWrongPasswordsUnlessLocked(db: Handle, districtId: number, userId: number): Promise<boolean> {
  const unlocked = await db
    .updateTable('app_user')
    .set({ failed_sign_ins: 0, locked_until: null })
    .where('district_id', '=', districtId)
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', sql<Date>`now()`)]))
    .returning('id')
    .executeTakeFirst();
  return unlocked !== undefined;
}

/** A sign-in vouched for by the district's provider clears a lock-out from wrong Homeroom passwords. */
export async function clearWrongPasswords(db: Handle, districtId: number, userId: number) {
  await db.updateTable('app_user').set({ failed_sign_ins: 0, locked_until: null }).where('district_id', '=', districtId).where('id', '=', userId).execute();
}

export async function lockedUntil(db: Handle, districtId: number, userId: number): Promise<Date | null> {
  const { locked_until } = await db.selectFrom('app_user').select('locked_until').where('district_id', '=', districtId).where('id', '=', userId).executeTakeFirstOrThrow();
  return locked_until;
}

const SSO_COLUMNS = ['app_user.id', 'app_user.district_id', 'app_user.disabled', 'app_user.oidc_subject'] as const;

/** The account an earlier single sign-on linked to the provider's subject (the first district's, as for a username). */
export async function accountBySubject(db: Handle, subject: string) {
  return db.selectFrom('app_user').select(SSO_COLUMNS).where('oidc_subject', '=', subject).orderBy('district_id').executeTakeFirst();
}

/**
 * Accounts of the staff records with this employee number, or of the student records with this
 * student number, in every district: the numbers single sign-on links by.
 */
export async function accountsByLocalId(db: Handle, record: 'staff' | 'student', localId: string) {
  return db
    .selectFrom('app_user')
    .leftJoin('staff', (join) => join.onRef('staff.district_id', '=', 'app_user.district_id').onRef('staff.id', '=', 'app_user.staff_id'))
    .leftJoin('student', (join) => join.onRef('student.district_id', '=', 'app_user.district_id').onRef('student.id', '=', 'app_user.student_id'))
    .select(SSO_COLUMNS)
    .where(record === 'staff' ? 'staff.local_id' : 'student.local_id', '=', localId)
    .orderBy('app_user.district_id')
    .orderBy('app_user.id')
    .execute();
}

/** The districts' own choice of linking claims, where saved (few rows: one per district). */
export async function districtSsoSettings(db: Handle) {
  return db.selectFrom('district_sso_setting').select(['district_id', 'employee_id_claim', 'student_id_claim']).execute();
}

/**
 * Links the provider's subject to an account that has none. Only one not linked yet: an account
 * already linked to a district identity is never re-linked to another.
 */
export async function linkSsoSubject(db: Handle, districtId: number, userId: number, subject: string): Promise<boolean> {
  const result = await db
    .updateTable('app_user')
    .set((eb) => ({ oidc_subject: subject, version: eb('version', '+', 1) }))
    .where('district_id', '=', districtId)
    .where('id', '=', userId)
    .where('oidc_subject', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function userIdByUsername(db: Handle, districtId: number, username: string): Promise<number | null> {
  const user = await db.selectFrom('app_user').select('id').where('district_id', '=', districtId).where('username', '=', username).executeTakeFirst();
  return user?.id ?? null;
}

/** Whom a help-desk agent's session views as; null for the agent's own view. */
export async function setSessionViewingAs(db: Handle, sessionId: string, userId: number | null) {
  await db.updateTable('user_session').set({ viewing_as_user_id: userId }).where('id', '=', sessionId).execute();
}

/** The password hashes of the enabled accounts of these usernames that have a password, in order of id. */
export async function enabledPasswordsOf(db: Handle, usernames: readonly string[]): Promise<Array<{ username: string; password_hash: string }>> {
  if (usernames.length === 0) return [];
  const rows = await db.selectFrom('app_user').select(['username', 'password_hash']).where('username', 'in', [...usernames]).where('password_hash', 'is not', null).where('disabled', '=', false).orderBy('id').execute();
  return rows.map((r) => ({ username: r.username, password_hash: r.password_hash! }));
}

export async function setPasswordHashes(db: Handle, usernames: readonly string[], passwordHash: string): Promise<void> {
  await db.updateTable('app_user').set({ password_hash: passwordHash }).where('username', 'in', [...usernames]).execute();
}
