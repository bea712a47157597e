import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../http/problem.ts';
import { failedRequestsOf, servedUserById } from './help-desk.repository.ts';
import { helpDeskSchools } from './ticket-view.ts';

/**
 * A user's recent failed requests, for the help desk that serves them: the problem code, the route
 * (never the address with its ids), the time and the request id; no bodies, no student data.
 */
export async function viewFailedRequests(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, userId: number) {
  return db.transaction().execute(async (trx) => {
    const user = await servedUserById(trx, actor.districtId, userId, helpDeskSchools(actor));
    if (!user) throw notFound('This user');
    const failedRequests = await failedRequestsOf(trx, actor.districtId, userId, 50);
    await writeAudit(trx, actor, origin, { action: 'view', entity: 'failed-requests', entityId: userId });
    return { user: { id: user.id, username: user.username, displayName: user.display_name }, failedRequests };
  });
}
