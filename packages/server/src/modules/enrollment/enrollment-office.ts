// What every enrollment change checks the same way: who may make it, and whether the school,
// grade and day it names can hold an enrollment.
import { ATTENDANCE_OFFICE, servesSchool } from '../../auth/access.ts';
import type { Actor, Role } from '../../auth/roles.ts';
import type { Handle } from '../../db/handle.ts';
import { fieldProblem, Problem } from '../../http/problem.ts';
import { schoolById, schoolYearOn, type EnrollmentRow } from './enrollment.repository.ts';

const gradeName = (grade: number) => (grade === -1 ? 'TK' : grade === 0 ? 'K' : `grade ${grade}`);

/** A school's office enrolls its students: its administrators and its office staff (the attendance clerks), and the district's administrators. */
export const ENROLLMENT_OFFICE: readonly Role[] = ATTENDANCE_OFFICE;

/**
 * The school, grade and day a student is to be enrolled in: the school must be one of the
 * district's and one the actor's office serves, the grade one it teaches, the day inside a
 * school year. `receiving`: the school receives a transfer, and need not be the actor's.
 */
export async function enrollmentPlace(db: Handle, actor: Actor, place: { schoolId: number; gradeLevel: number; date: string }, options: { receiving?: boolean } = {}) {
  const fields = { schoolId: 'body.schoolId', gradeLevel: 'body.gradeLevel', date: 'body.date' };
  const school = await schoolById(db, actor.districtId, place.schoolId);
  if (!school) throw fieldProblem(422, 'unknown-school', 'There is no such school in the district', fields.schoolId, `no school has id ${place.schoolId}`);
  // A transfer is the sending office's work: it may send the student to any of the district's schools.
  if (!options.receiving && !servesSchool(actor, school.id, ENROLLMENT_OFFICE)) {
    throw fieldProblem(403, 'not-your-school', 'You do not enroll students at this school', fields.schoolId, `${school.name} is not a school your office serves`);
  }
  if (place.gradeLevel < school.low_grade || place.gradeLevel > school.high_grade) {
    throw fieldProblem(422, 'grade-not-taught', 'The school does not teach this grade', fields.gradeLevel, `${school.name} teaches ${gradeName(school.low_grade)} to ${gradeName(school.high_grade)}`);
  }
  const schoolYearId = await schoolYearOn(db, actor.districtId, place.date);
  if (schoolYearId === null) throw fieldProblem(422, 'no-school-year', 'The day is in no school year', fields.date, `${place.date} is in none of the district's school years`);
  return { school, schoolYearId };
}

/** An enrollment that begins on a day may not overlap one the student already has there or later. */
export function refuseOverlap(enrollments: EnrollmentRow[], day: string, field = 'body.date'): void {
  const overlapping = enrollments.find((e) => e.exit_date === null || e.exit_date > day);
  if (overlapping) {
    throw fieldProblem(409, 'overlapping-enrollment', 'The student is already enrolled on that day', field,
      overlapping.exit_date === null ? `enrolled since ${overlapping.entry_date}; withdraw or transfer the student instead` : `enrolled from ${overlapping.entry_date} to ${overlapping.exit_date}`,
      { enrollmentId: overlapping.id });
  }
}

/** An enrollment ends on a day on or after it began (ending on its first day: the student never came). */
export function refuseEndBeforeEntry(enrollment: EnrollmentRow, day: string, field = 'body.date'): void {
  if (day < enrollment.entry_date) {
    throw fieldProblem(422, 'date-before-entry', 'The day is before the student entered', field, `the enrollment began on ${enrollment.entry_date}`);
  }
  if (enrollment.exit_date !== null) {
    throw new Problem(409, 'enrollment-ended', 'This enrollment has already ended', `It ended on ${enrollment.exit_date}. Reload the student to see it.`);
  }
}
