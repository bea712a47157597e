import type { Kysely } from 'kysely';
import { z } from 'zod';
import { entryCodeFor } from '@homeroom/core/enrollment/state-codes';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { refuseWhileViewing, servesSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import { studentIsVisible } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';
import { insertRecord } from '../district-import/district-import.repository.ts';
import { lockStudent, primaryEnrollments } from './enrollment.repository.ts';
import { ENROLLMENT_OFFICE, enrollmentPlace, refuseOverlap } from './enrollment-office.ts';
import { enrollmentPlaceInput } from './register-student.ts';

export const enrollStudentInput = z.strictObject({ ...enrollmentPlaceInput, reason: schoolText(500, 3).optional() });

/**
 * Enrolls a student the district already has in a school and grade from a day: a re-enrollment
 * after a withdrawal, or a child registered earlier. The office that last enrolled the student may
 * re-enroll them though they are no longer "its" student; the entry code says whether it is the
 * same school again (E3) or another (E2).
 */
export async function enrollStudent(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, input: z.output<typeof enrollStudentInput>) {
  refuseWhileViewing(actor);
  return db.transaction().execute(async (trx) => {
    if (!(await lockStudent(trx, actor.districtId, studentId))) throw notFound('This student');
    const enrollments = await primaryEnrollments(trx, actor.districtId, studentId);
    const last = enrollments.at(-1) ?? null;
    if (!(await studentIsVisible(trx, actor, studentId)) && !(last && servesSchool(actor, last.school_id, ENROLLMENT_OFFICE))) throw notFound('This student');
    const place = await enrollmentPlace(trx, actor, input);
    refuseOverlap(enrollments, input.date);
    const entryCode = entryCodeFor(last?.school_id ?? null, place.school.id);
    const enrollmentId = await insertRecord(trx, 'enrollment', {
      district_id: actor.districtId, student_id: studentId, school_id: place.school.id, school_year_id: place.schoolYearId, grade_level: input.gradeLevel,
      entry_date: input.date, entry_code: entryCode, created_by: actor.userId,
    });
    await writeAudit(trx, actor, origin, {
      action: 'create', entity: 'enrollment', entityId: enrollmentId, studentId, schoolId: place.school.id, reason: input.reason ?? null,
      details: { gradeLevel: input.gradeLevel, date: input.date, entryCode },
    });
    return { ended: null, started: { id: enrollmentId, version: 1 }, sectionsEnded: 0 };
  });
}
