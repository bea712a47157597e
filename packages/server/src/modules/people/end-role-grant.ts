import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { refuseWhileViewing } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { fieldProblem, notFound, Problem } from '../../http/problem.ts';

import { schoolText } from '../../http/text.ts';
import { accountWithGrants, mayGrant, refuseGrant } from './people-access.ts';
import { accountForUpdate, endGrant, grantForUpdate } from './people.repository.ts';

export const endRoleGrantInput = z.strictObject({
  endsOn: z.iso.date('must be a date such as 2026-12-18').optional().describe('The first day without the role; left out, today: access ends now'),
  reason: schoolText(500).optional(),
});

/**
 * Ends a grant on a day (today unless said): the row stays, with its end and who ended it, so the
 * history of who could do what is kept. A grant can be ended earlier, never reopened: grant again.
 * One not started yet is called off.
 */
export async function endRoleGrant(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, userId: number, grantId: number, input: z.output<typeof endRoleGrantInput>) {
  refuseWhileViewing(actor);
  return db.transaction().execute(async (trx) => {
    const d = actor.districtId;
    const account = await accountForUpdate(trx, d, userId);
    const grant = account ? await grantForUpdate(trx, d, userId, grantId) : undefined;
    if (!account || !grant) throw notFound('This role grant');
    if (!mayGrant(actor, grant.role, grant.school_id)) throw refuseGrant(grant.role, grant.school_id);
    // Ending a grant that has not started yet calls it off: it ends on its first day, and never gives access.
    const asked = input.endsOn ?? actor.today;
    const endsOn = grant.starts_on !== null && grant.starts_on > asked ? grant.starts_on : asked;
    if (grant.ends_on !== null && grant.ends_on <= endsOn) throw new Problem(409, 'grant-already-ended', 'This grant ends earlier already', `It ends on ${grant.ends_on}; nothing was changed.`);
    if (endsOn < actor.today) throw fieldProblem(422, 'end-in-the-past', 'A grant cannot end before today', 'body.endsOn', `access already given cannot be taken back: choose ${actor.today} or later`);
    await endGrant(trx, d, grantId, endsOn, actor.userId);
    await writeAudit(trx, actor, origin, { action: 'end', entity: 'user-role', entityId: grantId, schoolId: grant.school_id, reason: input.reason ?? null, details: { userId, role: grant.role, endsOn, was: grant.ends_on } });
    return (await accountWithGrants(trx, actor, account))!;
  });
}
