import { scrubSecrets } from '@homeroom/core/help-desk/report';
import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import { insertTicketEvent, updateTicket } from './help-desk.repository.ts';
import { ticketFor } from './ticket-view.ts';

/**
 * Adds to a ticket's history: an answer the reporter sees (the help desk's first one is the time to
 * first answer; the reporter may answer back), or a note for the help desk only. Appended, never
 * edited; cleaned of anything resembling a secret like the report itself. The reporter's answer to
 * a ticket waiting for them puts it back in the queue as open.
 */
export async function answerTicket(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, ticketId: number, input: { kind: 'answer' | 'note'; body: string }) {
  return db.transaction().execute(async (trx) => {
    const { asHelpDesk, ticket } = await ticketFor(trx, actor, ticketId);
    if (!asHelpDesk && input.kind === 'note') throw new Problem(403, 'help-desk-only', 'Only the help desk writes notes', 'Send an answer instead: the help desk sees it.');
    const body = scrubSecrets(input.body).text;
    await insertTicketEvent(trx, { districtId: actor.districtId, ticketId, authorId: actor.userId, kind: input.kind, body });
    const reopened = !asHelpDesk && ticket.status === 'waiting';
    await updateTicket(trx, actor.districtId, ticketId, null, { answered: asHelpDesk && input.kind === 'answer', ...(reopened ? { status: 'open' as const } : {}) });
    if (reopened) await insertTicketEvent(trx, { districtId: actor.districtId, ticketId, authorId: actor.userId, kind: 'status', status: 'open' });
    await writeAudit(trx, actor, origin, { action: input.kind, entity: 'help-desk-ticket', entityId: ticketId });
    return (await ticketFor(trx, actor, ticketId)).ticket;
  });
}
