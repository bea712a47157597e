import type { Kysely } from 'kysely';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import { Problem } from '../../http/problem.ts';
import { schoolYearByName } from '../district/district.repository.ts';
import { generateRequests, generationContext } from './course-requests.ts';
import { currentEnrollment } from './graduation.repository.ts';

/**
 * Proposes a student's requests from the graduation audit, for the school the student attends: a
 * dry run shows them (an audited read); otherwise they replace the generator's earlier proposals.
 */
export async function proposeCourseRequests(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, input: { schoolYear?: string | undefined; dryRun: boolean }) {
  return withStudentRecord(db, actor, origin, studentId, { entity: 'course-request', action: input.dryRun ? 'read' : 'update', reason: 'generated from the graduation audit' }, async (trx) => {
    const year = await schoolYearByName(trx, actor.districtId, input.schoolYear, 'next');
    const enrollment = await currentEnrollment(trx, actor.districtId, studentId);
    if (!enrollment) throw new Problem(409, 'not-enrolled', 'The student is not enrolled', 'Requests are made for the school the student attends.');
    const [result] = await generateRequests(trx, await generationContext(trx, actor.districtId), actor.districtId, [studentId], { schoolId: enrollment.school_id, schoolYearId: year.id }, { dryRun: input.dryRun, userId: actor.userId });
    return { schoolYear: year.name, saved: !input.dryRun, proposals: result?.proposals ?? [] };
  });
}
