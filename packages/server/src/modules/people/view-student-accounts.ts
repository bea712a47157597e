import type { Kysely } from 'kysely';
import type { StudentAccounts } from '@homeroom/core/api/people';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../http/problem.ts';
import { describeAccount, keptSchools, readSchools } from './people-access.ts';
import { accountOfStudent, accountsOfGuardians, grantsOf, guardiansOfStudent, schoolOfStudentOn, studentNamed } from './people.repository.ts';

/**
 * A student's account and their guardians', for the panel on the student's record: the school's
 * office gives a family its accounts from there. A read of the student's record, audited as one.
 */
export async function viewStudentAccounts(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number): Promise<StudentAccounts> {
  return db.transaction().execute(async (trx) => {
    const d = actor.districtId;
    const student = await studentNamed(trx, d, studentId);
    if (!student) throw notFound('This student');
    // The district's readers see every family; a school's keepers the families of its students.
    const schools = readSchools(actor) === 'all' ? 'all' : keptSchools(actor);
    if (schools !== 'all') {
      const school = await schoolOfStudentOn(trx, d, studentId, actor.today);
      if (school === null || !schools.includes(school)) throw notFound('This student');
    }
    const guardians = await guardiansOfStudent(trx, d, studentId);
    const studentAccount = await accountOfStudent(trx, d, studentId);
    const guardianAccounts = await accountsOfGuardians(trx, d, guardians.map((g) => g.id));
    const grants = await grantsOf(trx, d, [...(studentAccount ? [studentAccount.id] : []), ...guardianAccounts.map((a) => a.id)]);
    await writeAudit(trx, actor, origin, { action: 'view', entity: 'student-accounts', entityId: studentId, studentId });
    return {
      studentId,
      student: { name: `${student.first_name} ${student.last_name}`, account: studentAccount ? describeAccount(studentAccount, grants, actor.today) : null },
      guardians: guardians.map((g) => {
        const account = guardianAccounts.find((a) => a.guardian_id === g.id);
        return { guardianId: g.id, name: `${g.first_name} ${g.last_name}`, relationship: g.relationship, account: account ? describeAccount(account, grants, actor.today) : null };
      }),
    };
  });
}
