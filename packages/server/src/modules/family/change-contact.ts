import type { Kysely } from 'kysely';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { contactColumns, contactNotFound, describeContact, requireFamilyOffice, staleContact, type ContactInput } from './family-office.ts';
import { contactsOfStudent, updateContact } from './family.repository.ts';

/** Changes an emergency contact against the version the office saw. */
export async function changeContact(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, contactId: number, expectedVersion: number, input: ContactInput) {
  const to = contactColumns(input);
  return withStudentRecord(db, actor, origin, studentId, { entity: 'student-contact', action: 'update', details: { contactId, to } }, async (trx) => {
    await requireFamilyOffice(trx, actor, studentId);
    const [before] = await contactsOfStudent(trx, actor.districtId, studentId, { contactId, lock: true });
    if (!before) throw contactNotFound();
    if (before.version !== expectedVersion) throw staleContact();
    if ((await updateContact(trx, actor.districtId, studentId, contactId, expectedVersion, to)) === null) throw staleContact();
    const [after] = await contactsOfStudent(trx, actor.districtId, studentId, { contactId });
    return describeContact(after!);
  });
}
