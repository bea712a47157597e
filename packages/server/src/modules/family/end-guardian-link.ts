import type { Kysely } from 'kysely';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { guardianNotLinked, requireFamilyOffice, staleGuardian } from './family-office.ts';
import { deleteGuardianLink, guardiansOfStudent } from './family.repository.ts';

/**
 * Ends a guardian's link to the student (entered in error, a guardianship ended). The link as it
 * was is kept in the student's history; the guardian record stays for their other students, their
 * account and the notes they sent.
 */
export async function endGuardianLink(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, guardianId: number, expectedVersion: number, reason: string | null) {
  // The audit row is written after the work: it records the link as the work found it.
  const details: { guardianId: number; ended: Record<string, unknown> | null } = { guardianId, ended: null };
  const access = { entity: 'student-guardian', action: 'delete' as const, reason, details };
  return withStudentRecord(db, actor, origin, studentId, access, async (trx) => {
    await requireFamilyOffice(trx, actor, studentId);
    const [link] = await guardiansOfStudent(trx, actor.districtId, studentId, { guardianId, lock: true });
    if (!link) throw guardianNotLinked();
    if (link.link_version !== expectedVersion) throw staleGuardian();
    if (!(await deleteGuardianLink(trx, actor.districtId, studentId, guardianId, expectedVersion))) throw staleGuardian();
    details.ended = { ...link };
    return { studentId, guardianId, otherStudents: link.other_students };
  });
}
