import { scrubSecrets, type TicketPriority, type TicketStatus } from '@homeroom/core/help-desk/report';
import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, Problem, staleVersion } from '../../http/problem.ts';
import { helpDeskAgent, insertTicketEvent, updateTicket } from './help-desk.repository.ts';
import { ticketFor } from './ticket-view.ts';

export interface TicketChange {
  status?: TicketStatus;
  priority?: TicketPriority;
  priorityReason?: string;
  /** null: nobody. */
  assigneeId?: number | null;
}

/**
 * The help desk moves a ticket along: its status, its priority (with a reason), who has it. Only if
 * nobody changed it since they read it (If-Match); each change appended to its history, audited.
 */
export async function changeTicket(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, ticketId: number, expectedVersion: number, change: TicketChange) {
  return db.transaction().execute(async (trx) => {
    const { asHelpDesk, ticket } = await ticketFor(trx, actor, ticketId);
    if (!asHelpDesk) throw notFound('This ticket');
    if (change.assigneeId !== undefined && change.assigneeId !== null && !(await helpDeskAgent(trx, actor.districtId, change.assigneeId, actor.today))) {
      throw new Problem(422, 'not-a-help-desk-agent', 'A ticket is assigned to a help-desk agent', 'Choose someone who works on the help desk.', { errors: [{ field: 'assigneeId', message: 'not a help-desk agent' }] });
    }
    if (change.priorityReason !== undefined) change = { ...change, priorityReason: scrubSecrets(change.priorityReason).text };
    const updated = await updateTicket(trx, actor.districtId, ticketId, expectedVersion, change);
    if (!updated) throw staleVersion('this ticket', 'the ticket');
    const event = { districtId: actor.districtId, ticketId, authorId: actor.userId };
    if (change.status && change.status !== ticket.status) await insertTicketEvent(trx, { ...event, kind: 'status', status: change.status });
    if (change.priority && change.priority !== ticket.priority) await insertTicketEvent(trx, { ...event, kind: 'priority', priority: change.priority, body: change.priorityReason ?? null });
    if (change.assigneeId !== undefined && change.assigneeId !== (ticket.assignee?.id ?? null)) await insertTicketEvent(trx, { ...event, kind: 'assignment', assigneeId: change.assigneeId });
    await writeAudit(trx, actor, origin, { action: 'change', entity: 'help-desk-ticket', entityId: ticketId, reason: change.priorityReason ?? null, details: { ...change } });
    return (await ticketFor(trx, actor, ticketId)).ticket;
  });
}
