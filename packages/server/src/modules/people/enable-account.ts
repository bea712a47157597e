import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { refuseWhileViewing } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import type { accountSwitchInput } from './disable-account.ts';
import { requireAccountKept } from './people-access.ts';
import { accountForUpdate, setAccountDisabled } from './people.repository.ts';

/** Turns an account back on: the person signs in again with the grants that hold; revoked API tokens stay revoked. */
export async function enableAccount(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, userId: number, input: z.output<typeof accountSwitchInput>) {
  refuseWhileViewing(actor);
  return db.transaction().execute(async (trx) => {
    const d = actor.districtId;
    const account = await requireAccountKept(trx, actor, await accountForUpdate(trx, d, userId));
    const { version } = await setAccountDisabled(trx, d, account.id, false);
    await writeAudit(trx, actor, origin, { action: 'enable', entity: 'user', entityId: account.id, studentId: account.student_id, reason: input.reason ?? null });
    return { userId: account.id, disabled: false, sessionsEnded: 0, apiTokensRevoked: 0, version };
  });
}
