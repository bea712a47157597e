import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { refuseWhileViewing } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, Problem } from '../../http/problem.ts';
import { accountExists, firstPasswordHash, newAccountInput, refuseTakenUsername } from './account-input.ts';
import { accountWithGrants, keptSchools } from './people-access.ts';
import { accountForUpdate, accountOfStudent, insertGrant, insertPersonAccount, schoolOfStudentOn, studentNamed } from './people.repository.ts';

export const createStudentAccountInput = newAccountInput;

/**
 * A student's account, linked to their record, with the student role at the school they attend
 * from today: the student sees their own record and nothing else. Given by the office of that
 * school or a district administrator.
 */
export async function createStudentAccount(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, input: z.output<typeof newAccountInput>) {
  refuseWhileViewing(actor);
  const passwordHash = await firstPasswordHash(input);
  return db.transaction().execute(async (trx) => {
    const d = actor.districtId;
    const student = await studentNamed(trx, d, studentId);
    if (!student) throw notFound('This student');
    const schoolId = await schoolOfStudentOn(trx, d, studentId, actor.today);
    const schools = keptSchools(actor);
    if (schools !== 'all' && (schoolId === null || !schools.includes(schoolId))) throw notFound('This student');
    if (await accountOfStudent(trx, d, studentId)) throw accountExists(`${student.first_name} ${student.last_name}`);
    if (schoolId === null) throw new Problem(409, 'not-enrolled', 'The student is enrolled at no school today', 'A student account holds the student role at the school the student attends: enroll the student first.');
    await refuseTakenUsername(trx, d, input.username);
    const userId = await insertPersonAccount(trx, { district_id: d, username: input.username, display_name: `${student.first_name} ${student.last_name}`, password_hash: passwordHash, student_id: studentId });
    await insertGrant(trx, { district_id: d, user_id: userId, role: 'student', school_id: schoolId, starts_on: actor.today, ends_on: null, granted_by: actor.userId });
    await writeAudit(trx, actor, origin, { action: 'create', entity: 'user', entityId: userId, studentId, schoolId, details: { role: 'student', password: passwordHash !== null } });
    return accountWithGrants(trx, actor, await accountForUpdate(trx, d, userId));
  });
}
