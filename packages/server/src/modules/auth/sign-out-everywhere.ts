import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { endEverySession, type SessionActor } from '../../auth/sessions.ts';
import type { Database } from '../../db/schema.ts';

/** Ends every session of the signed-in person (a lost laptop, a shared computer), audited; how many ended. */
export async function signOutEverywhere(db: Kysely<Database>, session: SessionActor, origin: RequestOrigin): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const count = await endEverySession(trx, session.signedIn.districtId, session.signedIn.userId);
    await writeAudit(trx, session.signedIn, origin, { action: 'sign-out-everywhere', entity: 'user', entityId: session.signedIn.userId });
    return count;
  });
}
