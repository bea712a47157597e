import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { writeAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { describeGuardian, guardianNotLinked, maySeeCourtOrders, requireFamilyOffice, staleGuardian, type guardianDetailsInput } from './family-office.ts';
import { guardiansOfStudent, otherStudentsOfGuardian, updateGuardian } from './family.repository.ts';

/**
 * Changes a guardian's name, email, phone or language, against the version the office saw. The
 * guardian is shared by their students: the change shows on each record, and each one's history says so.
 */
export async function changeGuardianDetails(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, guardianId: number, expectedVersion: number, input: z.output<typeof guardianDetailsInput>) {
  const access = { entity: 'guardian', action: 'update' as const, details: { guardianId, to: input } };
  return withStudentRecord(db, actor, origin, studentId, access, async (trx) => {
    await requireFamilyOffice(trx, actor, studentId);
    const [before] = await guardiansOfStudent(trx, actor.districtId, studentId, { guardianId });
    if (!before) throw guardianNotLinked();
    if (before.version !== expectedVersion) throw staleGuardian();
    const version = await updateGuardian(trx, actor.districtId, guardianId, expectedVersion, {
      first_name: input.firstName, last_name: input.lastName, email: input.email, phone: input.phone,
      ...(input.preferredLanguage ? { preferred_language: input.preferredLanguage } : {}),
    });
    if (version === null) throw staleGuardian();
    const others = await otherStudentsOfGuardian(trx, actor.districtId, guardianId, studentId);
    await writeAuditForStudents(trx, actor, origin, { action: 'update', entity: 'guardian', entityId: guardianId, details: { guardianId, changedFrom: studentId } }, others);
    const [after] = await guardiansOfStudent(trx, actor.districtId, studentId, { guardianId });
    return describeGuardian(after!, maySeeCourtOrders(actor));
  });
}
