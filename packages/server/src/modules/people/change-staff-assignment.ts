import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { refuseWhileViewing, requireSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, staleVersion } from '../../http/problem.ts';
import { PEOPLE_KEEPERS } from './people-access.ts';
import { assignmentForUpdate, staffMemberById, updateAssignment } from './people.repository.ts';
import { assignmentValues, type AssignmentInput } from './staff-input.ts';
import { describeStaffMember } from './view-staff-member.ts';

/**
 * An assignment's school, post, title, FTE or dates, against the version seen. Ending one is
 * giving it an end date: the row stays, so "who taught at Northside last year" has an answer.
 */
export async function changeStaffAssignment(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, staffId: number, assignmentId: number, input: AssignmentInput, expectedVersion: number) {
  refuseWhileViewing(actor);
  return db.transaction().execute(async (trx) => {
    const staff = await staffMemberById(trx, actor.districtId, staffId);
    const before = staff ? await assignmentForUpdate(trx, actor.districtId, staffId, assignmentId) : undefined;
    if (!staff || !before) throw notFound('This assignment');
    // Both the school it was at and the one it moves to must be the actor's.
    await requireSchool(trx, actor, before.school_id, PEOPLE_KEEPERS);
    const values = await assignmentValues(trx, actor, input);
    const saved = await updateAssignment(trx, actor.districtId, assignmentId, expectedVersion, values);
    if (!saved) throw staleVersion('this assignment', 'the page');
    await writeAudit(trx, actor, origin, {
      action: 'update', entity: 'staff-assignment', entityId: assignmentId, schoolId: values.school_id,
      details: { staffId, from: { schoolId: before.school_id, role: before.role, title: before.title, fte: before.fte, startDate: before.start_date, endDate: before.end_date }, to: { schoolId: values.school_id, role: values.role, title: values.title, fte: values.fte, startDate: values.start_date, endDate: values.end_date } },
    });
    return describeStaffMember(trx, actor, staff);
  });
}
