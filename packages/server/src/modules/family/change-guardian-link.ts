import type { Kysely } from 'kysely';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { describeGuardian, guardianNotLinked, linkColumns, maySeeCourtOrders, requireFamilyOffice, staleGuardian, type GuardianRightsInput } from './family-office.ts';
import { guardiansOfStudent, updateGuardianLink } from './family.repository.ts';

/**
 * Changes what a guardian is to the student and the rights they hold (educational rights,
 * custody, pick-up, a court order's restriction), against the version the office saw. A
 * restriction takes the record away from the guardian's own account at once.
 */
export async function changeGuardianLink(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, guardianId: number, expectedVersion: number, input: GuardianRightsInput) {
  const to = linkColumns(input);
  return withStudentRecord(db, actor, origin, studentId, { entity: 'student-guardian', action: 'update', details: { guardianId, to } }, async (trx) => {
    await requireFamilyOffice(trx, actor, studentId);
    const [before] = await guardiansOfStudent(trx, actor.districtId, studentId, { guardianId, lock: true });
    if (!before) throw guardianNotLinked();
    if (before.link_version !== expectedVersion) throw staleGuardian();
    if ((await updateGuardianLink(trx, actor.districtId, studentId, guardianId, expectedVersion, to)) === null) throw staleGuardian();
    const [after] = await guardiansOfStudent(trx, actor.districtId, studentId, { guardianId });
    return describeGuardian(after!, maySeeCourtOrders(actor));
  });
}
