import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { ticketFor } from './ticket-view.ts';

/** A ticket and its history, for its reporter or the help desk that serves them; the help desk's look is audited. */
export async function viewTicket(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, ticketId: number) {
  return db.transaction().execute(async (trx) => {
    const { ticket, asHelpDesk } = await ticketFor(trx, actor, ticketId);
    if (asHelpDesk) await writeAudit(trx, actor, origin, { action: 'view', entity: 'help-desk-ticket', entityId: ticketId });
    return ticket;
  });
}
