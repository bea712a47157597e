import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import type { Handle } from '../../db/handle.ts';
import { schoolText } from '../../http/text.ts';
import { requireFamilyOffice } from './family-office.ts';
import { findGuardians, studentsOfGuardians } from './family.repository.ts';

/** A last name (its beginning), narrowed by first name, email or phone; no last name finds nobody. */
export const guardianSearchInput = z.strictObject({
  lastName: schoolText(60, 2).optional(),
  firstName: schoolText(60).optional(),
  email: z.string().trim().max(120).optional(),
  phone: z.string().trim().max(40).optional(),
});

/**
 * Guardians as the office is shown them to link or to rule out: with the students of theirs the
 * office may see (named, and the showing audited as a look at those students) and a count of the others.
 */
export async function describeMatches(trx: Handle, actor: Actor, origin: RequestOrigin, studentId: number, found: Awaited<ReturnType<typeof findGuardians>>) {
  const links = await studentsOfGuardians(trx, actor, found.map((g) => g.id));
  const shown = [...new Set(links.filter((l) => l.visible && l.id !== studentId).map((l) => l.id))];
  await writeAuditForStudents(trx, actor, origin, { action: 'read', entity: 'guardian-search', entityId: studentId }, shown);
  return found.map((g) => {
    const mine = links.filter((l) => l.guardianId === g.id);
    return {
      id: g.id, name: { first: g.first_name, last: g.last_name }, email: g.email, phone: g.phone, preferredLanguage: g.preferred_language,
      students: mine.filter((l) => l.visible).map((l) => ({ id: l.id, name: { first: l.first_name, last: l.last_name } })),
      otherStudents: mine.filter((l) => !l.visible).length,
      alreadyLinked: mine.some((l) => l.id === studentId),
    };
  });
}

/** The office looks for a guardian the district already has (a sibling's parent) before adding one to this student. */
export async function findGuardianMatches(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, search: z.output<typeof guardianSearchInput>) {
  return withStudentRecord(db, actor, origin, studentId, { entity: 'guardian-search', action: 'read', details: { lastName: search.lastName ?? null } }, async (trx) => {
    await requireFamilyOffice(trx, actor, studentId);
    const found = search.lastName ? await findGuardians(trx, actor.districtId, { ...search, lastName: search.lastName }, 'search') : [];
    return { items: await describeMatches(trx, actor, origin, studentId, found) };
  });
}
