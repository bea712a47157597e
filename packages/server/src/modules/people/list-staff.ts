import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { StaffList } from '@homeroom/core/api/people';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { requireSchool } from '../../auth/access.ts';
import { grantHoldsOn } from '../../auth/sessions.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { schoolText } from '../../http/text.ts';
import { invalid } from '../../http/validate.ts';
import { PEOPLE_READERS, readSchools } from './people-access.ts';
import { accountsOfStaff, currentAssignmentsOf, grantsOf, staffOnList } from './people.repository.ts';

/** One answer holds a large school's staff; the district's list is narrowed by a search. */
export const STAFF_LIST_LIMIT = 5000;

export const listStaffInput = z.strictObject({
  schoolId: z.coerce.number().int().positive().optional().describe("A school's staff; left out, the district's (district administrators and the help desk)"),
  search: schoolText(100).optional().describe('Part of a name or an employee number'),
});

/** A school's staff (or the district's) with their current assignments, their account and the roles it holds today. */
export async function listStaff(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, input: z.output<typeof listStaffInput>): Promise<StaffList> {
  return db.transaction().execute(async (trx) => {
    const schoolId = input.schoolId ?? null;
    if (schoolId !== null) await requireSchool(trx, actor, schoolId, PEOPLE_READERS);
    else if (readSchools(actor) !== 'all') throw invalid([{ field: 'query.schoolId', message: 'choose one of your schools' }]);
    const rows = await staffOnList(trx, actor.districtId, { schoolId, search: input.search ?? null, today: actor.today, limit: STAFF_LIST_LIMIT });
    const truncated = rows.length > STAFF_LIST_LIMIT;
    const staff = rows.slice(0, STAFF_LIST_LIMIT);
    const ids = staff.map((s) => s.id);
    const [assignments, accounts] = await Promise.all([currentAssignmentsOf(trx, actor.districtId, ids, actor.today), accountsOfStaff(trx, actor.districtId, ids)]);
    const grants = await grantsOf(trx, actor.districtId, accounts.map((a) => a.id));
    await writeAudit(trx, actor, origin, { action: 'list', entity: 'staff', schoolId, details: { search: input.search ?? null, staff: staff.length } });
    return {
      truncated,
      staff: staff.map((s) => {
        const account = accounts.find((a) => a.staff_id === s.id);
        return {
          id: s.id,
          employeeId: s.local_id,
          firstName: s.first_name,
          lastName: s.last_name,
          email: s.email,
          active: s.active,
          assignments: assignments.filter((a) => a.staff_id === s.id).map((a) => ({ schoolId: a.school_id, schoolName: a.school_name, role: a.role, title: a.title })),
          account: account
            ? { userId: account.id, username: account.username, disabled: account.disabled, roles: grants.filter((g) => g.user_id === account.id && grantHoldsOn(g, actor.today)).map((g) => ({ role: g.role, schoolId: g.school_id })) }
            : null,
        };
      }),
    };
  });
}
