import type { Kysely } from 'kysely';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import { loadStudentTranscripts } from '../transcripts/student-transcript.ts';
import { requirementSetsFor } from './graduation.repository.ts';
import { auditStudent } from './student-audit.ts';

/** A student's graduation audit under the requirement set of the student's cohort, courses in progress counted; an audited read. */
export async function viewGraduationAudit(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number) {
  return withStudentRecord(db, actor, origin, studentId, { entity: 'graduation-audit', action: 'read' }, async (trx) => {
    const [student] = await loadStudentTranscripts(trx, actor.districtId, [studentId], { withInProgress: true, today: actor.today });
    const setFor = await requirementSetsFor(trx, actor.districtId);
    return auditStudent(student!, setFor(student!.transcript.student.cohort));
  });
}
