import type { Kysely } from 'kysely';
import type { StaffMember } from '@homeroom/core/api/people';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import type { Handle } from '../../db/handle.ts';
import { accountWithGrants, requireStaffMember } from './people-access.ts';
import { accountsOfStaff, assignmentsOfStaffMember } from './people.repository.ts';

/** The staff member as their page shows them: every assignment, their account and its grants with history. */
export async function describeStaffMember(trx: Handle, actor: Actor, staff: { id: number; local_id: string; first_name: string; last_name: string; email: string | null; active: boolean; version: number }): Promise<StaffMember> {
  const [assignments, [account]] = await Promise.all([assignmentsOfStaffMember(trx, actor.districtId, staff.id), accountsOfStaff(trx, actor.districtId, [staff.id])]);
  return {
    id: staff.id,
    employeeId: staff.local_id,
    firstName: staff.first_name,
    lastName: staff.last_name,
    email: staff.email,
    active: staff.active,
    version: staff.version,
    assignments: assignments.map((a) => ({
      id: a.id, schoolId: a.school_id, schoolName: a.school_name, schoolYearId: a.school_year_id, schoolYear: a.school_year, role: a.role, title: a.title, fte: a.fte, startDate: a.start_date, endDate: a.end_date, version: a.version,
    })),
    account: await accountWithGrants(trx, actor, account),
  };
}

export async function viewStaffMember(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, staffId: number): Promise<StaffMember> {
  return db.transaction().execute(async (trx) => {
    const staff = await requireStaffMember(trx, actor, staffId, false);
    await writeAudit(trx, actor, origin, { action: 'view', entity: 'staff', entityId: staffId });
    return describeStaffMember(trx, actor, staff);
  });
}
