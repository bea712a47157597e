import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { staleVersion } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';
import { updateStudentRecord } from './students.repository.ts';

export const updateStudentInput = z
  .strictObject({
    preferredName: schoolText(100).nullable().optional(),
    homeLanguage: schoolText(40, 2).optional(),
    directoryOptOut: z.boolean().optional(),
    reason: schoolText(500, 3),
  })
  .refine((input) => Object.keys(input).some((key) => key !== 'reason'), { message: 'name at least one field to change' });

/**
 * Changes the parts of a student's record a school office keeps. The edit carries the version the
 * user saw (If-Match): if someone else saved in between, this one is refused and changes nothing.
 */
export async function updateStudent(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, expectedVersion: number, input: z.output<typeof updateStudentInput>) {
  const changes = {
    ...(input.preferredName !== undefined ? { preferred_name: input.preferredName } : {}),
    ...(input.homeLanguage !== undefined ? { home_language: input.homeLanguage } : {}),
    ...(input.directoryOptOut !== undefined ? { directory_opt_out: input.directoryOptOut } : {}),
  };
  return withStudentRecord(db, actor, origin, studentId, { entity: 'student', action: 'update', reason: input.reason, details: { fields: Object.keys(changes) } }, async (trx) => {
    const updated = await updateStudentRecord(trx, actor.districtId, studentId, expectedVersion, changes);
    if (!updated) {
      throw staleVersion('this student', 'the student');
    }
    return { version: updated.version };
  });
}
