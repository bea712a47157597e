import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit, writeAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import { hashPassword, passwordWeakness } from '../../auth/passwords.ts';
import type { Actor } from '../../auth/roles.ts';
import { endEverySession, grantHoldsOn } from '../../auth/sessions.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, Problem } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';
import type { Handle } from '../../db/handle.ts';
import { accountForUpdate, roleGrantsOf, searchAccounts, setPassword, clearAccountLock, usernameOf } from './accounts.repository.ts';

export const findAccountsInput = z.strictObject({
  search: schoolText(100).optional().describe('Part of a username or name'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const unlockAccountInput = z.strictObject({
  reason: schoolText(500).optional().describe('e.g. the help-desk ticket'),
});

export const resetPasswordInput = z.strictObject({
  newPassword: z.string().max(1000),
  reason: schoolText(500).optional().describe('e.g. the help-desk ticket'),
});

async function lockedAccount(trx: Handle, actor: Actor, userId: number) {
  const user = await accountForUpdate(trx, actor.districtId, userId);
  if (!user) throw notFound('This user');
  return user;
}

function refuseWeakPassword(password: string, username: string): void {
  const weakness = passwordWeakness(password, username);
  if (weakness) throw new Problem(400, 'weak-password', 'Choose a stronger password', weakness, { errors: [{ field: 'body.newPassword', message: weakness }] });
}


/**
 * The help desk's first question on the phone: which account, and is it locked? A student's
 * account carries the student's name, so a search that lists one is an audited read of it; the
 * search itself is on the record either way.
 */
export async function findAccounts(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, input: z.output<typeof findAccountsInput>) {
  return db.transaction().execute(async (trx) => {
    const users = await searchAccounts(trx, actor.districtId, input.search, input.limit);
    const roles = await roleGrantsOf(trx, actor.districtId, users.map((u) => u.id));
    const students = users.flatMap((u) => (u.student_id === null ? [] : [u.student_id]));
    const search = { action: 'search', entity: 'user', details: { search: input.search ?? null, accounts: users.length } };
    if (students.length) await writeAuditForStudents(trx, actor, origin, search, students);
    else await writeAudit(trx, actor, origin, search);
    const now = Date.now();
    return {
      users: users.map((u) => ({
        id: u.id,
        username: u.username,
        displayName: u.display_name,
        // The roles the account holds today: an ended grant is history, on the person's page.
        roles: roles.filter((r) => r.user_id === u.id && grantHoldsOn(r, actor.today)).map((r) => ({ role: r.role, schoolId: r.school_id })),
        disabled: u.disabled,
        lockedUntil: u.locked_until && u.locked_until.getTime() > now ? u.locked_until.toISOString() : null,
        signsInWithDistrictAccount: u.oidc_subject !== null,
        hasPassword: u.password_hash !== null,
      })),
    };
  });
}

/** Lets a person locked out by wrong passwords try again now, instead of waiting out the lock. */
export async function unlockAccount(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, userId: number, input: z.output<typeof unlockAccountInput>) {
  return db.transaction().execute(async (trx) => {
    const user = await lockedAccount(trx, actor, userId);
    const wasLocked = user.locked_until !== null && user.locked_until.getTime() > Date.now();
    await clearAccountLock(trx, actor.districtId, userId);
    await writeAudit(trx, actor, origin, { action: 'unlock', entity: 'user', entityId: userId, reason: input.reason ?? null, details: { wasLocked, failedSignIns: user.failed_sign_ins } });
    return { userId, username: user.username, wasLocked };
  });
}

/**
 * Sets a new password a district administrator gives the person, unlocks the account, and ends
 * every session it had: whoever knew the old password is signed out too.
 */
export async function resetPassword(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, userId: number, input: z.output<typeof resetPasswordInput>) {
  const username = await usernameOf(db, actor.districtId, userId);
  if (username === null) throw notFound('This user');
  refuseWeakPassword(input.newPassword, username);
  // Hash before the transaction: argon2 takes a moment, and the row lock need not wait for it.
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction().execute(async (trx) => {
    const user = await lockedAccount(trx, actor, userId);
    refuseWeakPassword(input.newPassword, user.username);
    await setPassword(trx, actor.districtId, userId, passwordHash);
    const sessionsEnded = await endEverySession(trx, actor.districtId, userId);
    await writeAudit(trx, actor, origin, { action: 'reset-password', entity: 'user', entityId: userId, reason: input.reason ?? null, details: { sessionsEnded } });
    return { userId, username: user.username, sessionsEnded };
  });
}
