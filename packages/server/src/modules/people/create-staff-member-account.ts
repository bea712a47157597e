import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { refuseWhileViewing } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { accountExists, firstPasswordHash, newAccountInput, refuseTakenUsername } from './account-input.ts';
import { requireStaffMember } from './people-access.ts';
import { accountsOfStaff, insertPersonAccount } from './people.repository.ts';
import { describeStaffMember } from './view-staff-member.ts';

export const createStaffMemberAccountInput = newAccountInput;

/**
 * An account for a staff member of a school the actor keeps. It holds no role until one is
 * granted: an account is who signs in, a grant is what they may do and from when.
 */
export async function createStaffMemberAccount(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, staffId: number, input: z.output<typeof newAccountInput>) {
  refuseWhileViewing(actor);
  const passwordHash = await firstPasswordHash(input);
  return db.transaction().execute(async (trx) => {
    const staff = await requireStaffMember(trx, actor, staffId, true);
    if ((await accountsOfStaff(trx, actor.districtId, [staffId])).length > 0) throw accountExists(`${staff.first_name} ${staff.last_name}`);
    await refuseTakenUsername(trx, actor.districtId, input.username);
    const userId = await insertPersonAccount(trx, { district_id: actor.districtId, username: input.username, display_name: `${staff.first_name} ${staff.last_name}`, password_hash: passwordHash, staff_id: staffId });
    await writeAudit(trx, actor, origin, { action: 'create', entity: 'user', entityId: userId, details: { staffId, password: passwordHash !== null } });
    return describeStaffMember(trx, actor, staff);
  });
}
