import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { refuseWhileViewing } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { staleVersion } from '../../http/problem.ts';
import { requireStaffMember } from './people-access.ts';
import { updateStaffMember } from './people.repository.ts';
import { staffMemberFields } from './staff-input.ts';
import { describeStaffMember } from './view-staff-member.ts';

export const changeStaffMemberInput = z.strictObject({ ...staffMemberFields, active: z.boolean() });

const stale = () => staleVersion('this staff member', 'the page');

/** A staff member's name, e-mail and whether they are on the active staff, against the version seen. The employee number is the district's, and stays. */
export async function changeStaffMember(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, staffId: number, input: z.output<typeof changeStaffMemberInput>, expectedVersion: number) {
  refuseWhileViewing(actor);
  return db.transaction().execute(async (trx) => {
    const before = await requireStaffMember(trx, actor, staffId, true);
    const saved = await updateStaffMember(trx, actor.districtId, staffId, expectedVersion, { first_name: input.firstName, last_name: input.lastName, email: input.email, active: input.active });
    if (!saved) throw stale();
    await writeAudit(trx, actor, origin, {
      action: 'update', entity: 'staff', entityId: staffId,
      details: { from: { firstName: before.first_name, lastName: before.last_name, email: before.email, active: before.active }, to: { firstName: input.firstName, lastName: input.lastName, email: input.email, active: input.active } },
    });
    return describeStaffMember(trx, actor, { ...before, first_name: input.firstName, last_name: input.lastName, email: input.email, active: input.active, version: saved.version });
  });
}
