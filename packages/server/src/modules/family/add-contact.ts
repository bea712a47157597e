import type { Kysely } from 'kysely';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { contactColumns, describeContact, requireFamilyOffice, type ContactInput } from './family-office.ts';
import { contactsOfStudent, insertContact } from './family.repository.ts';

/** Adds an emergency contact who is not a guardian (an aunt, a neighbor), with whether they may pick the student up. */
export async function addContact(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, input: ContactInput) {
  const details: { contactId: number | null; contact: ReturnType<typeof contactColumns> } = { contactId: null, contact: contactColumns(input) };
  return withStudentRecord(db, actor, origin, studentId, { entity: 'student-contact', action: 'create', details }, async (trx) => {
    await requireFamilyOffice(trx, actor, studentId);
    details.contactId = await insertContact(trx, { district_id: actor.districtId, student_id: studentId, ...contactColumns(input), created_by: actor.userId });
    const [row] = await contactsOfStudent(trx, actor.districtId, studentId, { contactId: details.contactId });
    return describeContact(row!);
  });
}
