import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { createSession, loadActor } from '../../auth/sessions.ts';
import type { SsoIdentity } from '../../auth/sso.ts';
import type { Database } from '../../db/schema.ts';
import type { Handle } from '../../db/handle.ts';
import { Problem } from '../../http/problem.ts';
import { accountBySubject, accountsByLocalId, clearWrongPasswords, districtSsoSettings, linkSsoSubject, recordSignInAttempt } from './auth.repository.ts';

type LinkedBy = 'subject' | 'employee-id' | 'student-id';

export const notLinked = () =>
  new Problem(403, 'sso-account-not-linked', 'Your district account is not linked to Homeroom yet: ask your school office', 'Your school office or the help desk can link it. You can close this page.');

interface FoundUser {
  id: number;
  district_id: number;
  disabled: boolean;
  oidc_subject: string | null;
}

/** The claims that link accounts when a district has not saved its own: OIDC_EMPLOYEE_ID_CLAIM and OIDC_STUDENT_ID_CLAIM. */
export interface LinkingClaims {
  employeeIdClaim: string | null;
  studentIdClaim: string | null;
}

const KINDS = [
  { kind: 'employeeIdClaim', linkedBy: 'employee-id', accounts: (db: Handle, id: string) => accountsByLocalId(db, 'staff', id) },
  { kind: 'studentIdClaim', linkedBy: 'student-id', accounts: (db: Handle, id: string) => accountsByLocalId(db, 'student', id) },
] as const;

/**
 * Finds the Homeroom account of the person the district's provider signed in: by the subject
 * stored at an earlier sign-in; else by the employee or student number in the claim the district
 * chose (its saved setting, else the environment's), for a staff or student record that already
 * has an account not linked yet. Never by e-mail or a name, which a person can change at the
 * provider. Nobody gets an account, let alone access, just by signing in at the provider:
 * accounts and their roles are made by the district.
 */
async function findAccount(trx: Handle, identity: SsoIdentity, fromEnvironment: LinkingClaims): Promise<{ user: FoundUser; linkedBy: LinkedBy } | null> {
  // One provider per deployment: like a username, the first district that knows the subject wins.
  const bySubject = await accountBySubject(trx, identity.subject);
  if (bySubject) return { user: bySubject, linkedBy: 'subject' };
  const settings = new Map((await districtSsoSettings(trx)).map((s) => [s.district_id, { employeeIdClaim: s.employee_id_claim, studentIdClaim: s.student_id_claim }]));
  const claimsOf = (districtId: number): LinkingClaims => settings.get(districtId) ?? fromEnvironment;
  for (const { kind, linkedBy, accounts } of KINDS) {
    const names = new Set([fromEnvironment[kind], ...[...settings.values()].map((s) => s[kind])].filter((name): name is string => name !== null));
    const values = new Set([...names].flatMap((name) => (identity.claims[name] === undefined ? [] : [identity.claims[name]])));
    const matches: FoundUser[] = [];
    for (const value of values) {
      // The number counts only where it came in the claim that district links by.
      for (const user of await accounts(trx, value)) {
        const claim = claimsOf(user.district_id)[kind];
        if (claim !== null && identity.claims[claim] === value && !matches.some((m) => m.district_id === user.district_id && m.id === user.id)) matches.push(user);
      }
    }
    const found = usableMatch(matches);
    if (found) return { user: found, linkedBy };
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

export async function signInWithSso(db: Kysely<Database>, identity: SsoIdentity, fromEnvironment: LinkingClaims, client: RequestOrigin & { userAgent: string | null }) {
  const ip = client.ip ?? 'unknown';
  const username = `sso:${identity.subject}`.slice(0, 100);
  const found = await db.transaction().execute(async (trx) => {
    const match = await findAccount(trx, identity, fromEnvironment);
    if (!match) return null;
    if (match.user.disabled) throw new Problem(403, 'account-disabled', 'Your Homeroom account is turned off', 'Ask your school office or the help desk if you should have access.');
    const { user, linkedBy } = match;
    if (linkedBy !== 'subject') {
      // Linked in the same statement that checks it is not linked yet: two first sign-ins at once link one.
      if (!(await linkSsoSubject(trx, user.district_id, user.id, identity.subject))) throw notLinked();
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
