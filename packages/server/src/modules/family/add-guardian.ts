import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { refuseWhileViewing } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import { studentIsVisible } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { fieldProblem, notFound, Problem } from '../../http/problem.ts';

import { checkRights, describeGuardian, guardianDetailsInput, guardianRightsShape, linkColumns, maySeeCourtOrders, requireFamilyOffice } from './family-office.ts';
import { findGuardians, guardianById, guardiansOfStudent, insertGuardian, insertGuardianLink } from './family.repository.ts';
import { describeMatches } from './find-guardians.ts';

export const addGuardianInput = z
  .strictObject({
    /** A guardian the district already has (found with findGuardianMatches), to link to this student. */
    guardianId: z.number().int().positive().optional(),
    /** A guardian new to the district. */
    guardian: guardianDetailsInput.optional(),
    ...guardianRightsShape,
    /** Guardians the office looked at and found to be other people: a new guardian who matches one is refused until it is named here. */
    notDuplicateOf: z.array(z.number().int().positive()).max(20).default([]),
  })
  .superRefine((input, ctx) => {
    if ((input.guardianId === undefined) === (input.guardian === undefined)) {
      ctx.addIssue({ code: 'custom', path: [input.guardianId === undefined ? 'guardian' : 'guardianId'], message: 'give either guardianId (a guardian the district has) or guardian (a new one), not both or neither' });
    }
    checkRights(input, ctx);
  });

/**
 * Adds a guardian to a student: a guardian the district already has (a sibling's parent) is
 * linked; a new one is created, unless a guardian with the same name and the same email or phone
 * is already in the records, in which case the office is shown them to link instead.
 */
export async function addGuardian(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, input: z.output<typeof addGuardianInput>) {
  refuseWhileViewing(actor);
  const result = await db.transaction().execute(async (trx) => {
    if (!(await studentIsVisible(trx, actor, studentId))) throw notFound('This student');
    await requireFamilyOffice(trx, actor, studentId);
    let guardianId = input.guardianId ?? null;
    if (guardianId !== null) {
      if (!(await guardianById(trx, actor.districtId, guardianId))) throw fieldProblem(422, 'unknown-guardian', 'There is no such guardian in the district', 'body.guardianId', `no guardian has id ${guardianId}`);
      if ((await guardiansOfStudent(trx, actor.districtId, studentId, { guardianId })).length > 0) {
        throw fieldProblem(409, 'already-linked', 'This guardian is already linked to the student', 'body.guardianId', 'change the link’s rights instead');
      }
    } else {
      const details = input.guardian!;
      const found = await findGuardians(trx, actor.districtId, details, 'exact');
      if (found.some((g) => !input.notDuplicateOf.includes(g.id))) {
        // Showing the office who may be the same person is kept on the record of those it names.
        return { refused: true as const, candidates: await describeMatches(trx, actor, origin, studentId, found) };
      }
      guardianId = await insertGuardian(trx, {
        district_id: actor.districtId, first_name: details.firstName, last_name: details.lastName, email: details.email, phone: details.phone,
        ...(details.preferredLanguage ? { preferred_language: details.preferredLanguage } : {}),
      });
    }
    await insertGuardianLink(trx, { district_id: actor.districtId, student_id: studentId, guardian_id: guardianId, ...linkColumns(input) });
    const [row] = await guardiansOfStudent(trx, actor.districtId, studentId, { guardianId });
    await writeAudit(trx, actor, origin, {
      action: 'create', entity: 'student-guardian', entityId: guardianId, studentId,
      details: { guardianId, newGuardian: input.guardianId === undefined, rights: linkColumns(input), notDuplicateOf: input.notDuplicateOf },
    });
    return { refused: false as const, added: describeGuardian(row!, maySeeCourtOrders(actor)) };
  });
  if (result.refused) {
    throw new Problem(409, 'possible-duplicate-guardian', 'This guardian may already be in the district', 'A guardian with the same name and the same email or phone exists. Link that guardian, or add a new one by naming the guardians who are other people in notDuplicateOf.', { candidates: result.candidates });
  }
  return result.added;
}
