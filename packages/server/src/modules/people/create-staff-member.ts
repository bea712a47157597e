import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { refuseWhileViewing } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';

import { insertAssignment, insertStaffMember, employeeIdTaken } from './people.repository.ts';
import { assignmentInput, assignmentValues, employeeId, staffMemberFields } from './staff-input.ts';
import { describeStaffMember } from './view-staff-member.ts';
import { fieldProblem } from '../../http/problem.ts';

export const createStaffMemberInput = z.strictObject({ ...staffMemberFields, employeeId, assignment: assignmentInput });

/** A new staff member on the staff list with their first assignment, at a school the actor keeps. No account yet: that is its own step. */
export async function createStaffMember(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, input: z.output<typeof createStaffMemberInput>) {
  refuseWhileViewing(actor);
  return db.transaction().execute(async (trx) => {
    const assignment = await assignmentValues(trx, actor, input.assignment, 'body.assignment');
    if (await employeeIdTaken(trx, actor.districtId, input.employeeId)) {
      throw fieldProblem(409, 'employee-id-taken', 'Another staff member has this employee number', 'body.employeeId', `${input.employeeId} is on the staff list already`);
    }
    const staffId = await insertStaffMember(trx, { district_id: actor.districtId, local_id: input.employeeId, first_name: input.firstName, last_name: input.lastName, email: input.email });
    const assignmentId = await insertAssignment(trx, actor.districtId, staffId, assignment);
    await writeAudit(trx, actor, origin, { action: 'create', entity: 'staff', entityId: staffId, schoolId: assignment.school_id, details: { employeeId: input.employeeId, assignmentId, role: assignment.role, startDate: assignment.start_date } });
    return describeStaffMember(trx, actor, { id: staffId, local_id: input.employeeId, first_name: input.firstName, last_name: input.lastName, email: input.email, active: true, version: 1 });
  });
}
