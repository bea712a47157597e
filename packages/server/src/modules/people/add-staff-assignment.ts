import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { refuseWhileViewing } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../http/problem.ts';
import { insertAssignment, staffMemberById } from './people.repository.ts';
import { assignmentValues, type AssignmentInput } from './staff-input.ts';
import { describeStaffMember } from './view-staff-member.ts';

/**
 * A further assignment (a second school, next year's post): the actor must keep the school of the
 * new assignment, not necessarily the staff member's other ones.
 */
export async function addStaffAssignment(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, staffId: number, input: AssignmentInput) {
  refuseWhileViewing(actor);
  return db.transaction().execute(async (trx) => {
    const staff = await staffMemberById(trx, actor.districtId, staffId);
    if (!staff) throw notFound('This staff member');
    const assignment = await assignmentValues(trx, actor, input);
    const assignmentId = await insertAssignment(trx, actor.districtId, staffId, assignment);
    await writeAudit(trx, actor, origin, { action: 'create', entity: 'staff-assignment', entityId: assignmentId, schoolId: assignment.school_id, details: { staffId, role: assignment.role, title: assignment.title, fte: assignment.fte, startDate: assignment.start_date, endDate: assignment.end_date } });
    return describeStaffMember(trx, actor, staff);
  });
}
