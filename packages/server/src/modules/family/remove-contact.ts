import type { Kysely } from 'kysely';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { contactNotFound, requireFamilyOffice, staleContact } from './family-office.ts';
import { contactsOfStudent, deleteContact } from './family.repository.ts';

/** Removes an emergency contact; the contact as it was is kept in the student's history. */
export async function removeContact(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, contactId: number, expectedVersion: number, reason: string | null) {
  // The audit row is written after the work: it records the contact as the work found it.
  const details: { contactId: number; removed: Record<string, unknown> | null } = { contactId, removed: null };
  return withStudentRecord(db, actor, origin, studentId, { entity: 'student-contact', action: 'delete', reason, details }, async (trx) => {
    await requireFamilyOffice(trx, actor, studentId);
    const [contact] = await contactsOfStudent(trx, actor.districtId, studentId, { contactId, lock: true });
    if (!contact) throw contactNotFound();
    if (contact.version !== expectedVersion) throw staleContact();
    if (!(await deleteContact(trx, actor.districtId, studentId, contactId, expectedVersion))) throw staleContact();
    details.removed = { ...contact };
    return { studentId, contactId };
  });
}
