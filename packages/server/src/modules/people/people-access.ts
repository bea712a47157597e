import type { AccountSummary, RoleGrantRow } from '@homeroom/core/api/people';
import { grantHoldsOn } from '../../auth/sessions.ts';
import { schoolsWhere, type Actor, type Role } from '../../auth/roles.ts';
import type { Handle } from '../../db/handle.ts';
import { notFound, Problem } from '../../http/problem.ts';
import { currentAssignmentsOf, grantsOf, schoolOfStudentOn, staffMemberById, studentsOfGuardian } from './people.repository.ts';
import { servesWholeDistrict } from '../../auth/access.ts';

/**
 * Who may see and change people and accounts: district administrators everything; a school's
 * administrators and office staff their school; the help desk reads. One module, so that no use
 * case writes its own rule.
 */
export const PEOPLE_READERS: readonly Role[] = ['district-admin', 'school-admin', 'attendance-clerk', 'help-desk'];
export const PEOPLE_KEEPERS: readonly Role[] = ['district-admin', 'school-admin', 'attendance-clerk'];

/**
 * The roles a school's keepers may grant at their school: never more than they hold, never a
 * district-wide one. Office staff do not make principals.
 */
const GRANTABLE_AT_SCHOOL: Record<string, readonly string[]> = {
  'school-admin': ['school-admin', 'counselor', 'teacher', 'attendance-clerk', 'student'],
  'attendance-clerk': ['counselor', 'teacher', 'attendance-clerk', 'student'],
};


/** Schools whose people the actor keeps: 'all' for a district administrator. */
export function keptSchools(actor: Actor): number[] | 'all' {
  if (servesWholeDistrict(actor)) return 'all';
  const schools = schoolsWhere(actor, 'school-admin', 'attendance-clerk');
  return schools === 'all' ? 'all' : schools;
}

export function readSchools(actor: Actor): number[] | 'all' {
  if (servesWholeDistrict(actor)) return 'all';
  return schoolsWhere(actor, 'school-admin', 'attendance-clerk', 'help-desk');
}

const inSchools = (schools: number[] | 'all', schoolId: number | null) => schools === 'all' || (schoolId !== null && schools.includes(schoolId));

/** May the actor give this role at this school (null: district-wide)? */
export function mayGrant(actor: Actor, role: string, schoolId: number | null): boolean {
  if (servesWholeDistrict(actor)) return true;
  if (schoolId === null) return false;
  return actor.roles.some((g) => g.schoolId === schoolId && (GRANTABLE_AT_SCHOOL[g.role] ?? []).includes(role));
}

export function refuseGrant(role: string, schoolId: number | null): Problem {
  return new Problem(403, 'grant-not-allowed', 'You cannot grant this role here', schoolId === null
    ? `${role} is held district-wide: only a district administrator grants it.`
    : `Granting ${role} at this school is for a district administrator or the school's administrator.`, { errors: [{ field: 'body.role', message: `you may not grant ${role} here` }] });
}

/** The staff member, if the actor reads (or keeps) people at a school they are assigned to; else not found. */
export async function requireStaffMember(trx: Handle, actor: Actor, staffId: number, keep: boolean) {
  const staff = await staffMemberById(trx, actor.districtId, staffId);
  if (!staff) throw notFound('This staff member');
  const schools = keep ? keptSchools(actor) : readSchools(actor);
  if (schools !== 'all') {
    const assignments = await currentAssignmentsOf(trx, actor.districtId, [staffId], actor.today);
    if (!assignments.some((a) => schools.includes(a.school_id))) throw notFound('This staff member');
  }
  return staff;
}

interface AccountRow {
  id: number;
  staff_id: number | null;
  student_id: number | null;
  guardian_id: number | null;
}

/**
 * May the actor disable, enable or grant roles on this account? A district administrator may on
 * any; a school's keepers on the accounts of their school: a student enrolled there, a guardian of
 * one, or staff whose every grant not ended is one they could have given themself (so a principal
 * cannot switch off a district administrator, nor office staff their principal).
 */
export async function requireAccountKept(trx: Handle, actor: Actor, account: AccountRow | undefined): Promise<AccountRow> {
  if (!account) throw notFound('This account');
  if (servesWholeDistrict(actor)) return account;
  const schools = keptSchools(actor);
  const d = actor.districtId;
  let kept = false;
  if (account.student_id !== null) {
    kept = inSchools(schools, await schoolOfStudentOn(trx, d, account.student_id, actor.today));
  } else if (account.guardian_id !== null) {
    for (const studentId of await studentsOfGuardian(trx, d, account.guardian_id)) {
      if (inSchools(schools, await schoolOfStudentOn(trx, d, studentId, actor.today))) kept = true;
    }
  } else {
    const open = (await grantsOf(trx, d, [account.id])).filter((g) => g.ends_on === null || g.ends_on > actor.today);
    const assigned = account.staff_id === null ? [] : await currentAssignmentsOf(trx, d, [account.staff_id], actor.today);
    kept = open.every((g) => mayGrant(actor, g.role, g.school_id)) && (open.length > 0 || assigned.some((a) => inSchools(schools, a.school_id)));
  }
  if (!kept) throw new Problem(403, 'account-not-yours', 'This account is not one your school keeps', 'Ask a district administrator: the account belongs to another school, or holds a role you cannot give.');
  return account;
}

type GrantRow = Awaited<ReturnType<typeof grantsOf>>[number];
type AccountColumns = { id: number; username: string; display_name: string; disabled: boolean; has_password: boolean; linked: boolean; version: number };

export function describeGrant(g: GrantRow, today: string): RoleGrantRow {
  return {
    id: Number(g.id),
    role: g.role,
    schoolId: g.school_id,
    schoolName: g.school_name,
    startsOn: g.starts_on,
    endsOn: g.ends_on,
    holdsToday: grantHoldsOn(g, today),
    grantedAt: g.granted_at.toISOString(),
    grantedBy: g.granted_by,
    endedBy: g.ended_by,
  };
}

export function describeAccount(account: AccountColumns, grants: GrantRow[], today: string): AccountSummary {
  return {
    userId: account.id,
    username: account.username,
    displayName: account.display_name,
    disabled: account.disabled,
    hasPassword: account.has_password,
    linkedToDistrictAccount: account.linked,
    version: account.version,
    grants: grants.filter((g) => g.user_id === account.id).map((g) => describeGrant(g, today)),
  };
}

/** An account with its grants, as the screens show it. */
export async function accountWithGrants(trx: Handle, actor: Actor, account: AccountColumns | undefined): Promise<AccountSummary | null> {
  if (!account) return null;
  return describeAccount(account, await grantsOf(trx, actor.districtId, [account.id]), actor.today);
}
