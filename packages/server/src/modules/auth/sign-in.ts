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
    .select(['id', 'district_id', 'password_hash', 'disabled', 'locked_until', 'failed_sign_ins'])
    .where(sql<string>`lower(username)`, '=', input.username.toLowerCase())
    .orderBy('district_id')
    .executeTakeFirst();
  const record = (succeeded: boolean) => db.insertInto('sign_in_attempt').values({ ip, username: input.username.slice(0, 100), succeeded }).execute();

  if (user?.locked_until && user.locked_until.getTime() > Date.now()) {
    await record(false);
    const until = user.locked_until.toISOString().slice(11, 16);
    throw new Problem(423, 'account-locked', 'This account is locked for now', `Too many wrong passwords. It unlocks at ${until} UTC, or the help desk can unlock it sooner.`, { lockedUntil: user.locked_until.toISOString() });
  }
  const valid = await verifyPassword(user?.password_hash ?? UNKNOWN_USER_HASH, input.password);
  if (!user || !user.password_hash || user.disabled || !valid) {
    await record(false);
    if (user && !user.disabled) {
      const failures = user.failed_sign_ins + 1;
      await db
        .updateTable('app_user')
        .set({ failed_sign_ins: failures, locked_until: failures >= MAX_FAILED_SIGN_INS ? new Date(Date.now() + LOCK_MINUTES * 60_000) : null })
        .where('district_id', '=', user.district_id)
        .where('id', '=', user.id)
        .execute();
    }
    throw wrongPassword();
  }
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('app_user').set({ failed_sign_ins: 0, locked_until: null }).where('district_id', '=', user.district_id).where('id', '=', user.id).execute();
    await trx.insertInto('sign_in_attempt').values({ ip, username: input.username.slice(0, 100), succeeded: true }).execute();
    const actor = (await loadActor(trx, user.district_id, user.id))!;
    const session = await createSession(trx, { districtId: user.district_id, userId: user.id }, { ip, userAgent: client.userAgent });
    await writeAudit(trx, actor, client, { action: 'sign-in', entity: 'user', entityId: user.id });
    return { actor, session };
  });
}
