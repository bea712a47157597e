import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { UNKNOWN_USER_HASH, verifyPassword } from '../../auth/passwords.ts';
import { createSession, loadActor } from '../../auth/sessions.ts';
import type { Database } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';
import { accountByUsername, clearWrongPasswordsUnlessLocked, countWrongPassword, lockedUntil, recentFailedSignIns, recordSignInAttempt } from './auth.repository.ts';

export const signInInput = z.strictObject({
  username: schoolText(100),
  password: z.string().min(1).max(1000),
});

/** After this many wrong passwords in a row the account locks for LOCK_MINUTES. */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;
/** Wrong passwords from one address within the window before it must wait. */
export const MAX_FAILURES_PER_ADDRESS = 30;
const ADDRESS_WINDOW_MINUTES = 15;

const accountLocked = (until: Date) =>
  new Problem(423, 'account-locked', 'This account is locked for now', `Too many wrong passwords. It unlocks at ${until.toISOString().slice(11, 16)} UTC, or the help desk can unlock it sooner.`, { lockedUntil: until.toISOString() });

const wrongPassword = () => new Problem(401, 'wrong-credentials', 'The username or password is not right', 'Check both and try again. After 5 wrong tries in a row the account locks for 15 minutes.');

export async function signIn(db: Kysely<Database>, input: z.output<typeof signInInput>, client: RequestOrigin & { userAgent: string | null }) {
  const ip = client.ip ?? 'unknown';
  const recent = await recentFailedSignIns(db, ip, ADDRESS_WINDOW_MINUTES);
  if (recent >= MAX_FAILURES_PER_ADDRESS) {
    throw new Problem(429, 'too-many-sign-ins', 'Too many sign-in attempts from this computer', `Wait ${ADDRESS_WINDOW_MINUTES} minutes and try again, or call the help desk.`);
  }
  const user = await accountByUsername(db, input.username);
  const record = (succeeded: boolean) => recordSignInAttempt(db, { ip, username: input.username, succeeded });

  if (user?.locked_until && user.locked_until.getTime() > Date.now()) {
    await record(false);
    throw accountLocked(user.locked_until);
  }
  const valid = await verifyPassword(user?.password_hash ?? UNKNOWN_USER_HASH, input.password);
  if (!user || !user.password_hash || user.disabled || !valid) {
    await record(false);
    if (user && !user.disabled) {
      await countWrongPassword(db, user.district_id, user.id, MAX_FAILED_SIGN_INS, LOCK_MINUTES);
    }
    throw wrongPassword();
  }
  const signedIn = await db.transaction().execute(async (trx) => {
    // Only if no wrong password locked the account while this one was being checked.
    const unlocked = await clearWrongPasswordsUnlessLocked(trx, user.district_id, user.id);
    if (!unlocked) return null;
    await recordSignInAttempt(trx, { ip, username: input.username, succeeded: true });
    const actor = (await loadActor(trx, user.district_id, user.id))!;
    const session = await createSession(trx, { districtId: user.district_id, userId: user.id }, { ip, userAgent: client.userAgent });
    await writeAudit(trx, actor, client, { action: 'sign-in', entity: 'user', entityId: user.id });
    return { actor, session };
  });
  if (signedIn) return signedIn;
  await record(false);
  throw accountLocked((await lockedUntil(db, user.district_id, user.id)) ?? new Date());
}
