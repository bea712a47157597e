import type { Kysely } from 'kysely';
import { z } from 'zod';
import { ENTRY_CODES, TRANSFER_EXIT_CODE } from '@homeroom/core/enrollment/state-codes';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { schoolText } from '../../http/text.ts';
import { insertRecord } from '../district-import/district-import.repository.ts';
import { endEnrollment, endSectionsAtSchool } from './enrollment.repository.ts';
import { enrollmentPlace, refuseOverlap } from './enrollment-office.ts';
import { enrollmentPlaceInput } from './register-student.ts';
import { enrollmentToEnd, staleEnrollment } from './withdraw-student.ts';
import { fieldProblem } from '../../http/problem.ts';

export const transferStudentInput = z.strictObject({ ...enrollmentPlaceInput, reason: schoolText(500, 3).optional() });

/**
 * Moves a student between two of the district's schools on a day: the old enrollment ends that
 * day (T160), the new one begins that day (E2), and the student's places in the old school's
 * sections end that day too. One student record throughout; attendance taken at the old school
 * stays there, and the counts of any earlier day do not change.
 */
export async function transferStudent(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, enrollmentId: number, expectedVersion: number, input: z.output<typeof transferStudentInput>) {
  const access = { entity: 'enrollment', action: 'update' as const, reason: input.reason ?? null, details: { transfer: { enrollmentId, date: input.date, toSchoolId: input.schoolId, gradeLevel: input.gradeLevel } } };
  return withStudentRecord(db, actor, origin, studentId, access, async (trx) => {
    const { enrollment, others } = await enrollmentToEnd(trx, actor, studentId, enrollmentId, expectedVersion, input.date);
    const place = await enrollmentPlace(trx, actor, input, { receiving: true });
    if (place.school.id === enrollment.school_id) {
      throw fieldProblem(422, 'same-school', 'A transfer goes to another school', 'body.schoolId', `the student is enrolled at ${place.school.name} already; change the grade there instead`);
    }
    refuseOverlap(others, input.date);
    const version = await endEnrollment(trx, actor.districtId, enrollment.id, expectedVersion, { day: input.date, exitCode: TRANSFER_EXIT_CODE, endedBy: actor.userId });
    if (version === null) throw staleEnrollment();
    const sectionsEnded = await endSectionsAtSchool(trx, actor.districtId, studentId, enrollment.school_id, input.date, actor.userId);
    const startedId = await insertRecord(trx, 'enrollment', {
      district_id: actor.districtId, student_id: studentId, school_id: place.school.id, school_year_id: place.schoolYearId, grade_level: input.gradeLevel,
      entry_date: input.date, entry_code: ENTRY_CODES.otherSchool, created_by: actor.userId,
    });
    return { ended: { id: enrollment.id, version }, started: { id: startedId, version: 1 }, sectionsEnded };
  });
}
