import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { writeAudit, writeAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import { refuseWhileViewing } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../http/problem.ts';
import { accountExists, firstPasswordHash, newAccountInput, refuseTakenUsername } from './account-input.ts';
import { accountWithGrants, keptSchools } from './people-access.ts';
import { accountForUpdate, accountsOfGuardians, guardianNamed, insertGrant, insertPersonAccount, schoolOfStudentOn, studentsOfGuardian } from './people.repository.ts';

export const createGuardianAccountInput = newAccountInput;

/**
 * An account for a guardian already on a student's record, with the guardian role from today:
 * what they see is their children's records, as student_guardian allows (a court order's
 * restriction holds). The guardian record itself is not changed.
 */
export async function createGuardianAccount(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, guardianId: number, input: z.output<typeof newAccountInput>) {
  refuseWhileViewing(actor);
  const passwordHash = await firstPasswordHash(input);
  return db.transaction().execute(async (trx) => {
    const d = actor.districtId;
    const guardian = await guardianNamed(trx, d, guardianId);
    if (!guardian) throw notFound('This guardian');
    const students = await studentsOfGuardian(trx, d, guardianId);
    const schools = keptSchools(actor);
    if (schools !== 'all') {
      const attended = await Promise.all(students.map((s) => schoolOfStudentOn(trx, d, s, actor.today)));
      if (!attended.some((school) => school !== null && schools.includes(school))) throw notFound('This guardian');
    }
    if ((await accountsOfGuardians(trx, d, [guardianId])).length > 0) throw accountExists(`${guardian.first_name} ${guardian.last_name}`);
    await refuseTakenUsername(trx, d, input.username);
    const userId = await insertPersonAccount(trx, { district_id: d, username: input.username, display_name: `${guardian.first_name} ${guardian.last_name}`, password_hash: passwordHash, guardian_id: guardianId });
    await insertGrant(trx, { district_id: d, user_id: userId, role: 'guardian', school_id: null, starts_on: actor.today, ends_on: null, granted_by: actor.userId });
    // About the guardian's children's records: on each child's trail.
    const entry = { action: 'create', entity: 'user', entityId: userId, details: { role: 'guardian', guardianId, password: passwordHash !== null } };
    if (students.length > 0) await writeAuditForStudents(trx, actor, origin, entry, students);
    else await writeAudit(trx, actor, origin, entry);
    return accountWithGrants(trx, actor, await accountForUpdate(trx, d, userId));
  });
}
