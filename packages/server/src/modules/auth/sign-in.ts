import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit, type RequestOrigin } from '../../audit/audit.ts';
import { UNKNOWN_USER_HASH, verifyPassword } from '../../auth/passwords.ts';
import { createSession, loadActor } from '../../auth/sessions.ts';
import type { Database } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';

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
  const recent = await db
    .selectFrom('sign_in_attempt')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('ip', '=', ip)
    .where('succeeded', '=', false)
    .where('attempted_at', '>', sql<Date>`now() - make_interval(mins => ${ADDRESS_WINDOW_MINUTES})`)
    .executeTakeFirstOrThrow();
  if (recent.n >= MAX_FAILURES_PER_ADDRESS) {
    throw new Problem(429, 'too-many-sign-ins', 'Too many sign-in attempts from this computer', `Wait ${ADDRESS_WINDOW_MINUTES} minutes and try again, or call the help desk.`);
  }
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'district_id', 'password_hash', 'disabled', 'locked_until'])
    .where(sql<string>`lower(username)`, '=', input.username.toLowerCase())
    .orderBy('district_id')
    .executeTakeFirst();
  const record = (succeeded: boolean) => db.insertInto('sign_in_attempt').values({ ip, username: input.username.slice(0, 100), succeeded }).execute();

  if (user?.locked_until && user.locked_until.getTime() > Date.now()) {
    await record(false);
    throw accountLocked(user.locked_until);
  }
  const valid = await verifyPassword(user?.password_hash ?? UNKNOWN_USER_HASH, input.password);
  if (!user || !user.password_hash || user.disabled || !valid) {
    await record(false);
    if (user && !user.disabled) {
      // Counted by the database in one statement: wrong passwords sent all at once must each count,
      // not all read the same count and write back the same count plus one.
      await db
        .updateTable('app_user')
        .set((eb) => ({
          failed_sign_ins: eb('failed_sign_ins', '+', 1),
          locked_until: eb.case().when('failed_sign_ins', '>=', MAX_FAILED_SIGN_INS - 1).then(sql<Date>`now() + make_interval(mins => ${LOCK_MINUTES})`).else(eb.ref('locked_until')).end(),
        }))
        .where('district_id', '=', user.district_id)
        .where('id', '=', user.id)
        .execute();
    }
    throw wrongPassword();
  }
  const signedIn = await db.transaction().execute(async (trx) => {
    // Only if no wrong password locked the account while this one was being checked: a burst of
    // guesses sent at once must not get one through after the fifth has locked it.
    const unlocked = await trx
      .updateTable('app_user')
      .set({ failed_sign_ins: 0, locked_until: null })
      .where('district_id', '=', user.district_id)
      .where('id', '=', user.id)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', sql<Date>`now()`)]))
      .returning('id')
      .executeTakeFirst();
    if (!unlocked) return null;
    await trx.insertInto('sign_in_attempt').values({ ip, username: input.username.slice(0, 100), succeeded: true }).execute();
    const actor = (await loadActor(trx, user.district_id, user.id))!;
    const session = await createSession(trx, { districtId: user.district_id, userId: user.id }, { ip, userAgent: client.userAgent });
    await writeAudit(trx, actor, client, { action: 'sign-in', entity: 'user', entityId: user.id });
    return { actor, session };
  });
  if (signedIn) return signedIn;
  await record(false);
  const { locked_until } = await db.selectFrom('app_user').select('locked_until').where('district_id', '=', user.district_id).where('id', '=', user.id).executeTakeFirstOrThrow();
  throw accountLocked(locked_until ?? new Date());
}
