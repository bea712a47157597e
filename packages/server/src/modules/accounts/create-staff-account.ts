import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { refuseWhileViewing } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { schoolText } from '../../http/text.ts';
import { findByCode, insertRecord } from '../district-import/district-import.repository.ts';

import { schoolById, schoolYearOn } from '../enrollment/enrollment.repository.ts';
import { firstPasswordHash, newAccountInput, refuseTakenUsername } from '../people/account-input.ts';
import { grantRole, insertAccount } from './staff-accounts.repository.ts';
import { fieldProblem } from '../../http/problem.ts';

/** The roles a school's staff hold, and the assignment each is on the staff list as. */
const SCHOOL_ROLES = { teacher: 'teacher', counselor: 'counselor', 'attendance-clerk': 'attendance-clerk', 'school-admin': 'principal' } as const;

export const createStaffAccountInput = z.strictObject({
  firstName: schoolText(60),
  lastName: schoolText(60),
  /** The employee number. */
  employeeId: z.string().trim().regex(/^[A-Za-z0-9-]{1,20}$/, 'letters, digits and hyphens, at most 20'),
  email: z.email().max(200).optional(),
  ...newAccountInput.shape,
  role: z.enum(Object.keys(SCHOOL_ROLES) as [keyof typeof SCHOOL_ROLES, ...Array<keyof typeof SCHOOL_ROLES>]),
  schoolId: z.number().int().positive(),
  startDate: z.iso.date(),
});

/**
 * A district administrator gives a new staff member (a teacher, most often) their place on the
 * staff, an account and a role at a school, in one transaction with its audit row: the person can
 * sign in and sees that school's work the same day.
 */
export async function createStaffAccount(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, input: z.output<typeof createStaffAccountInput>) {
  refuseWhileViewing(actor);
  const passwordHash = await firstPasswordHash(input);
  return db.transaction().execute(async (trx) => {
    const school = await schoolById(trx, actor.districtId, input.schoolId);
    if (!school) throw fieldProblem(422, 'unknown-school', 'There is no such school in the district', 'body.schoolId', `no school has id ${input.schoolId}`);
    const schoolYearId = await schoolYearOn(trx, actor.districtId, input.startDate);
    if (schoolYearId === null) throw fieldProblem(422, 'no-school-year', 'The day is in no school year', 'body.startDate', `${input.startDate} is in none of the district's school years`);
    await refuseTakenUsername(trx, actor.districtId, input.username);
    if ((await findByCode(trx, 'staff', actor.districtId, input.employeeId)) !== null) {
      throw fieldProblem(409, 'employee-id-taken', 'Another staff member has this employee number', 'body.employeeId', `${input.employeeId} is on the staff list already`);
    }
    const staffId = await insertRecord(trx, 'staff', { district_id: actor.districtId, local_id: input.employeeId, first_name: input.firstName, last_name: input.lastName, email: input.email ?? null });
    await insertRecord(trx, 'staff_assignment', {
      district_id: actor.districtId, staff_id: staffId, school_id: school.id, school_year_id: schoolYearId, role: SCHOOL_ROLES[input.role], start_date: input.startDate,
    });
    const userId = await insertAccount(trx, { district_id: actor.districtId, username: input.username, display_name: `${input.firstName} ${input.lastName}`, password_hash: passwordHash, staff_id: staffId });
    // The role holds from the first day of the assignment: a teacher hired in July for August signs in to nothing until then.
    await grantRole(trx, { district_id: actor.districtId, user_id: userId, role: input.role, school_id: school.id, starts_on: input.startDate, granted_by: actor.userId });
    await writeAudit(trx, actor, origin, { action: 'create', entity: 'user', entityId: userId, schoolId: school.id, details: { staffId, role: input.role, startDate: input.startDate, password: passwordHash !== null } });
    return { userId, staffId, username: input.username, role: input.role, schoolId: school.id };
  });
}
