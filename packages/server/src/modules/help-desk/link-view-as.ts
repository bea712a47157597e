import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Handle } from '../../db/handle.ts';
import { notFound } from '../../http/problem.ts';
import { insertTicketEvent } from './help-desk.repository.ts';
import { ticketFor } from './ticket-view.ts';

/**
 * "View as" from a ticket: the agent views as the ticket's reporter, and the audit row that starts
 * the view names the ticket, as does the ticket's history, so a review finds why the agent looked.
 * Called inside the transaction that starts the view.
 */
export async function startViewingForTicket(trx: Handle, agent: Actor, origin: RequestOrigin, viewed: { userId: number }, ticketId: number | undefined, reason: string): Promise<void> {
  if (ticketId !== undefined) {
    const { ticket, asHelpDesk } = await ticketFor(trx, agent, ticketId);
    if (!asHelpDesk || ticket.reporter.id !== viewed.userId) throw notFound('This ticket of this user');
    await insertTicketEvent(trx, { districtId: agent.districtId, ticketId, authorId: agent.userId, kind: 'viewed-as', body: reason });
  }
  await writeAudit(trx, agent, origin, { action: 'view-as-start', entity: 'user', entityId: viewed.userId, reason, ...(ticketId !== undefined ? { details: { ticketId } } : {}) });
}
