import type { Kysely } from 'kysely';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { describeContact, describeGuardian, keepsFamilyOf, maySeeCourtOrders } from './family-office.ts';
import { contactsOfStudent, guardiansOfStudent } from './family.repository.ts';

/** A student's guardians with their rights, and their emergency contacts, in the order the office calls them. */
export async function viewFamily(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number) {
  return withStudentRecord(db, actor, origin, studentId, { entity: 'family', action: 'read' }, async (trx) => {
    const [guardians, contacts, mayChange] = await Promise.all([
      guardiansOfStudent(trx, actor.districtId, studentId),
      contactsOfStudent(trx, actor.districtId, studentId),
      actor.viewedBy ? false : keepsFamilyOf(trx, actor, studentId),
    ]);
    const showOrders = maySeeCourtOrders(actor);
    return { studentId, guardians: guardians.map((g) => describeGuardian(g, showOrders)), contacts: contacts.map(describeContact), mayChange };
  });
}
