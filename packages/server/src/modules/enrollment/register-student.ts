import type { Kysely } from 'kysely';
import { z } from 'zod';
import { ENTRY_CODES } from '@homeroom/core/enrollment/state-codes';
import { writeAudit, writeAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import { refuseWhileViewing } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { fieldProblem, Problem } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';
import { insertRecord } from '../district-import/district-import.repository.ts';
import { duplicateCandidates, localIdTaken, nextLocalId } from './enrollment.repository.ts';
import { enrollmentPlace } from './enrollment-office.ts';

export const enrollmentPlaceInput = {
  schoolId: z.number().int().positive(),
  gradeLevel: z.number().int().min(-1).max(12),
  date: z.iso.date(),
};

export const registerStudentInput = z.strictObject({
  firstName: schoolText(60),
  middleName: schoolText(60).nullable().optional(),
  lastName: schoolText(60),
  birthDate: z.iso.date(),
  gender: z.enum(['F', 'M', 'X']),
  /** The state student id (SSID), when the child already has one. */
  stateId: z.string().trim().regex(/^[0-9]{10}$/, 'a state student id is 10 digits').nullable().optional(),
  /** The district's student id; the next free number when left out. */
  localId: z.string().trim().regex(/^[A-Za-z0-9-]{1,20}$/, 'letters, digits and hyphens, at most 20').optional(),
  homeLanguage: schoolText(40, 2).optional(),
  ...enrollmentPlaceInput,
  /** The records the office looked at and found to be other children: a registration that matches one is refused until it is named here. */
  notDuplicateOf: z.array(z.number().int().positive()).max(20).default([]),
});

/**
 * Registers a new student and enrolls them (entry code E1) in one transaction. A child already in
 * the district's records (the same state student id, or the same name and birth date) is refused
 * with those records, so the office enrolls the existing record instead of making a second one;
 * a same-name child who is truly another is registered when the office names the records it ruled out.
 */
export async function registerStudent(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, input: z.output<typeof registerStudentInput>) {
  refuseWhileViewing(actor);
  const result = await db.transaction().execute(async (trx) => {
    const place = await enrollmentPlace(trx, actor, input);
    const candidates = await duplicateCandidates(trx, actor.districtId, actor.today, { firstName: input.firstName, lastName: input.lastName, birthDate: input.birthDate, stateId: input.stateId ?? null });
    const sameStateId = candidates.some((c) => input.stateId && c.state_id === input.stateId);
    if (sameStateId || candidates.some((c) => !input.notDuplicateOf.includes(c.id))) {
      // Showing the office who may be the same child is a look at those records: it is audited, and kept.
      await writeAuditForStudents(trx, actor, origin, { action: 'read', entity: 'registration-duplicate-check', schoolId: place.school.id }, candidates.map((c) => c.id));
      return { refused: sameStateId ? ('state-id-taken' as const) : ('possible-duplicate' as const), candidates, registered: null };
    }
    if (input.localId && (await localIdTaken(trx, actor.districtId, input.localId))) {
      throw fieldProblem(409, 'local-id-taken', 'Another student has this student ID', 'body.localId', `${input.localId} is taken; leave it empty for the next free number`);
    }
    const localId = input.localId ?? (await nextLocalId(trx, actor.districtId));
    const studentId = await insertRecord(trx, 'student', {
      district_id: actor.districtId, local_id: localId, state_id: input.stateId ?? null, first_name: input.firstName, middle_name: input.middleName ?? null,
      last_name: input.lastName, birth_date: input.birthDate, gender: input.gender, ...(input.homeLanguage ? { home_language: input.homeLanguage } : {}),
    });
    const enrollmentId = await insertRecord(trx, 'enrollment', {
      district_id: actor.districtId, student_id: studentId, school_id: place.school.id, school_year_id: place.schoolYearId, grade_level: input.gradeLevel,
      entry_date: input.date, entry_code: ENTRY_CODES.first, created_by: actor.userId,
    });
    await writeAudit(trx, actor, origin, {
      action: 'create', entity: 'student', entityId: studentId, studentId, schoolId: place.school.id,
      details: { enrollmentId, gradeLevel: input.gradeLevel, date: input.date, notDuplicateOf: input.notDuplicateOf },
    });
    return { refused: null, candidates: [], registered: { student: { id: studentId, localId }, enrollment: { id: enrollmentId, version: 1 } } };
  });
  if (result.refused) {
    const candidates = result.candidates.map((c) => ({
      id: c.id, localId: c.local_id, stateId: c.state_id, name: { first: c.first_name, last: c.last_name }, birthDate: c.birth_date, school: c.school_name, schoolId: c.school_id, enrolledNow: c.enrolled_now,
    }));
    if (result.refused === 'state-id-taken') {
      throw fieldProblem(409, 'state-id-taken', 'A student with this state student id is already in the district', 'body.stateId', 'enroll the existing record instead of registering the child again', { candidates });
    }
    throw new Problem(409, 'possible-duplicate', 'This child may already be in the district', 'A student with the same name and birth date exists. Enroll that record, or register anyway by naming the records that are other children in notDuplicateOf.', { candidates });
  }
  return result.registered!;
}
