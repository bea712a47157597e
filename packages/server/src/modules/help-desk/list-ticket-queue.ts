import type { TicketPriority, TicketStatus } from '@homeroom/core/help-desk/report';
import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { ticketQueue } from './help-desk.repository.ts';
import { helpDeskSchools, ticketSummaryOf } from './ticket-view.ts';

/** The help desk's queue, of the users it serves: unresolved first, most urgent first. */
export async function listTicketQueue(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, filter: { status?: TicketStatus; priority?: TicketPriority; assigneeId?: number }) {
  return db.transaction().execute(async (trx) => {
    const rows = await ticketQueue(trx, actor.districtId, helpDeskSchools(actor), filter);
    await writeAudit(trx, actor, origin, { action: 'list', entity: 'help-desk-ticket', details: { ...filter, count: rows.length } });
    return { tickets: rows.map(ticketSummaryOf) };
  });
}
