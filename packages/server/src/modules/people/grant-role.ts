import type { Kysely } from 'kysely';
import { z } from 'zod';
import { DISTRICT_WIDE_ROLES, grantableRole } from '@homeroom/core/api/people';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { refuseWhileViewing } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { fieldProblem, Problem } from '../../http/problem.ts';

import { schoolById } from '../enrollment/enrollment.repository.ts';
import { accountWithGrants, mayGrant, refuseGrant, requireAccountKept } from './people-access.ts';
import { accountForUpdate, insertGrant, overlappingGrants } from './people.repository.ts';

const isoDay = z.iso.date('must be a date such as 2026-08-10');

export const grantRoleInput = z
  .strictObject({
    role: grantableRole,
    /** null for a district-wide role (district administrator, help desk). */
    schoolId: z.number().int().positive().nullable(),
    startsOn: isoDay.describe('The first day the role gives access'),
    endsOn: isoDay.nullable().default(null).describe('The first day it no longer does; null: open'),
  })
  .refine((g) => g.endsOn === null || g.endsOn > g.startsOn, { message: 'must be after the first day', path: ['endsOn'] })
  .refine((g) => DISTRICT_WIDE_ROLES.includes(g.role) === (g.schoolId === null), { message: 'district administrators and the help desk are district-wide (no school); every other role is held at a school', path: ['schoolId'] });

/**
 * Grants a staff account a role at a school (or district-wide) for a span of days. Granting what
 * one could not do oneself is refused; a grant that meets one of the same role at the same school
 * is refused too, so each day has one answer to "since when, and given by whom".
 */
export async function grantRole(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, userId: number, input: z.output<typeof grantRoleInput>) {
  refuseWhileViewing(actor);
  if (!mayGrant(actor, input.role, input.schoolId)) throw refuseGrant(input.role, input.schoolId);
  return db.transaction().execute(async (trx) => {
    const d = actor.districtId;
    // The account's row lock serializes grants to one person: two overlapping grants sent at once cannot both pass the check.
    const account = await requireAccountKept(trx, actor, await accountForUpdate(trx, d, userId));
    if (account.staff_id === null) throw new Problem(409, 'not-a-staff-account', 'Only staff accounts are granted staff roles', "A student's or a guardian's account holds its own role, given with the account.");
    if (input.schoolId !== null && !(await schoolById(trx, d, input.schoolId))) throw fieldProblem(422, 'unknown-school', 'There is no such school in the district', 'body.schoolId', `no school has id ${input.schoolId}`);
    const overlap = await overlappingGrants(trx, d, userId, input);
    if (overlap.length > 0) {
      const g = overlap[0]!;
      throw fieldProblem(409, 'grant-overlaps', 'The account already holds this role here on some of these days', 'body.startsOn', `it holds ${input.role} from ${g.starts_on ?? 'the start'} ${g.ends_on ? `until ${g.ends_on}` : 'with no end'}: end that grant first, or start this one later`);
    }
    const grantId = await insertGrant(trx, { district_id: d, user_id: userId, role: input.role, school_id: input.schoolId, starts_on: input.startsOn, ends_on: input.endsOn, granted_by: actor.userId });
    await writeAudit(trx, actor, origin, { action: 'grant', entity: 'user-role', entityId: grantId, schoolId: input.schoolId, details: { userId, role: input.role, startsOn: input.startsOn, endsOn: input.endsOn } });
    return (await accountWithGrants(trx, actor, await accountForUpdate(trx, d, userId)))!;
  });
}
