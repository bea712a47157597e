import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { refuseWhileViewing } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import { endEverySession } from '../../auth/sessions.ts';
import type { Database } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';
import { requireAccountKept } from './people-access.ts';
import { accountForUpdate, revokeApiTokensOf, setAccountDisabled } from './people.repository.ts';

export const accountSwitchInput = z.strictObject({ reason: schoolText(500).optional().describe('e.g. left the district on 2026-12-04') });

/**
 * Turns an account off, in one transaction: its sessions end (the person's next click signs them
 * out) and the API tokens it issued are revoked, so re-enabling the account later does not bring
 * an integration's old token back. Its grants stay as they are.
 */
export async function disableAccount(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, userId: number, input: z.output<typeof accountSwitchInput>) {
  refuseWhileViewing(actor);
  if (userId === actor.userId) throw new Problem(409, 'cannot-disable-yourself', 'You cannot turn off your own account', 'Ask another administrator: a district must not lose its last administrator by a slip.');
  return db.transaction().execute(async (trx) => {
    const d = actor.districtId;
    const account = await requireAccountKept(trx, actor, await accountForUpdate(trx, d, userId));
    const { version } = await setAccountDisabled(trx, d, account.id, true);
    const sessionsEnded = await endEverySession(trx, d, account.id);
    const apiTokensRevoked = await revokeApiTokensOf(trx, d, account.id);
    await writeAudit(trx, actor, origin, { action: 'disable', entity: 'user', entityId: account.id, studentId: account.student_id, reason: input.reason ?? null, details: { sessionsEnded, apiTokensRevoked } });
    return { userId: account.id, disabled: true, sessionsEnded, apiTokensRevoked, version };
  });
}
