import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { createSession, loadActor } from '../../auth/sessions.ts';
import type { SsoIdentity } from '../../auth/sso.ts';
import type { Database } from '../../db/schema.ts';
import type { Handle } from '../../db/handle.ts';
import { Problem } from '../../http/problem.ts';
import { accountBySubject, accountsByEmployeeId, accountsByStudentId, clearWrongPasswords, linkSsoSubject, recordSignInAttempt } from './auth.repository.ts';

type LinkedBy = 'subject' | 'employee-id' | 'student-id';

export const notLinked = () =>
  new Problem(403, 'sso-account-not-linked', 'Your district account is not linked to Homeroom yet: ask your school office', 'Your school office or the help desk can link it. You can close this page.');

interface FoundUser {
  id: number;
  district_id: number;
  disabled: boolean;
  oidc_subject: string | null;
}

/**
 * Finds the Homeroom account of the person the district's provider signed in: by the subject
 * stored at an earlier sign-in; else by the employee or student number the provider sends, for a
 * staff or student record that already has an account. Nobody gets an account, let alone access,
 * just by signing in at the provider: accounts and their roles are made by the district.
 */
async function findAccount(trx: Handle, identity: SsoIdentity): Promise<{ user: FoundUser; linkedBy: LinkedBy } | null> {
  // One provider per deployment: like a username, the first district that knows the subject wins.
  const bySubject = await accountBySubject(trx, identity.subject);
  if (bySubject) return { user: bySubject, linkedBy: 'subject' };
  if (identity.employeeId !== null) {
    const users = await accountsByEmployeeId(trx, identity.employeeId);
    const found = usableMatch(users);
    if (found) return { user: found, linkedBy: 'employee-id' };
  }
  if (identity.studentId !== null) {
    const users = await accountsByStudentId(trx, identity.studentId);
    const found = usableMatch(users);
    if (found) return { user: found, linkedBy: 'student-id' };
  }
  return null;
}

/**
 * An employee or student number must name exactly one account. Two accounts for one person is a
 * data problem for the office to sort out, not a coin to toss.
 */
function usableMatch(users: FoundUser[]): FoundUser | null {
  if (users.length === 0) return null;
  if (users.length > 1) {
    throw new Problem(409, 'sso-account-ambiguous', 'More than one Homeroom account matches your district account', 'Ask your school office or the help desk to keep one account for you.');
  }
  const user = users[0]!;
  // An account already linked to another district identity must not be taken over by a second one.
  if (user.oidc_subject !== null) throw notLinked();
  return user;
}

export async function signInWithSso(db: Kysely<Database>, identity: SsoIdentity, client: RequestOrigin & { userAgent: string | null }) {
  const ip = client.ip ?? 'unknown';
  const username = `sso:${identity.subject}`.slice(0, 100);
  const found = await db.transaction().execute(async (trx) => {
    const match = await findAccount(trx, identity);
    if (!match) return null;
    if (match.user.disabled) throw new Problem(403, 'account-disabled', 'Your Homeroom account is turned off', 'Ask your school office or the help desk if you should have access.');
    const { user, linkedBy } = match;
    if (linkedBy !== 'subject') {
      await linkSsoSubject(trx, user.district_id, user.id, identity.subject);
    }
    // The provider vouched for the person: a lock-out from wrong Homeroom passwords does not apply
    // here, and a good sign-in clears it as a password sign-in would.
    await clearWrongPasswords(trx, user.district_id, user.id);
    await recordSignInAttempt(trx, { ip, username, succeeded: true });
    const actor = (await loadActor(trx, user.district_id, user.id))!;
    const session = await createSession(trx, { districtId: user.district_id, userId: user.id }, { ip, userAgent: client.userAgent });
    await writeAudit(trx, actor, client, { action: 'sign-in', entity: 'user', entityId: user.id, details: { method: 'sso', linkedBy } });
    return { actor, session };
  });
  if (!found) {
    // No account to write an audit row for; the attempt still counts towards the address's limit.
    await recordSignInAttempt(db, { ip, username, succeeded: false });
    throw notLinked();
  }
  return found;
}
