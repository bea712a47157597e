import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { CALPADS_EXIT_CODES, isExitCode } from '@homeroom/core/enrollment/state-codes';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import { servesSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, staleVersion } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';
import { endEnrollment, endSectionsAtSchool, lockStudent, primaryEnrollments } from './enrollment.repository.ts';
import { ENROLLMENT_OFFICE, refuseEndBeforeEntry } from './enrollment-office.ts';

export const withdrawStudentInput = z.strictObject({
  date: z.iso.date(),
  exitCode: z.string().trim().refine((code) => isExitCode(code), { message: `not one of the state's exit codes (${CALPADS_EXIT_CODES.map((c) => c.code).join(', ')})` }),
  reason: schoolText(500, 3).optional(),
});

export const staleEnrollment = () => staleVersion('this enrollment', 'the student');

/**
 * The enrollment a withdrawal or a transfer ends, locked with its student: one the actor's office
 * serves, still at the version the user saw, and ending on or after the day it began.
 */
export async function enrollmentToEnd(trx: Transaction<Database>, actor: Actor, studentId: number, enrollmentId: number, expectedVersion: number, day: string) {
  await lockStudent(trx, actor.districtId, studentId);
  const enrollments = await primaryEnrollments(trx, actor.districtId, studentId);
  const enrollment = enrollments.find((e) => e.id === enrollmentId);
  if (!enrollment || !servesSchool(actor, enrollment.school_id, ENROLLMENT_OFFICE)) throw notFound('This enrollment');
  if (enrollment.version !== expectedVersion) throw staleEnrollment();
  refuseEndBeforeEntry(enrollment, day);
  return { enrollment, others: enrollments.filter((e) => e.id !== enrollmentId) };
}

/**
 * Withdraws a student from a school on a day with the state's exit code: the enrollment ends that
 * day (the student is not enrolled on it) and so do their places in the school's sections.
 * Attendance already taken stays where it was taken.
 */
export async function withdrawStudent(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, enrollmentId: number, expectedVersion: number, input: z.output<typeof withdrawStudentInput>) {
  const access = { entity: 'enrollment', action: 'update' as const, reason: input.reason ?? null, details: { withdrawal: { enrollmentId, date: input.date, exitCode: input.exitCode } } };
  return withStudentRecord(db, actor, origin, studentId, access, async (trx) => {
    const { enrollment } = await enrollmentToEnd(trx, actor, studentId, enrollmentId, expectedVersion, input.date);
    const version = await endEnrollment(trx, actor.districtId, enrollment.id, expectedVersion, { day: input.date, exitCode: input.exitCode, endedBy: actor.userId });
    if (version === null) throw staleEnrollment();
    const sectionsEnded = await endSectionsAtSchool(trx, actor.districtId, studentId, enrollment.school_id, input.date, actor.userId);
    return { ended: { id: enrollment.id, version }, started: null, sectionsEnded };
  });
}
