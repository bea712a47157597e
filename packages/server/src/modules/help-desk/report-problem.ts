import type { z } from 'zod';
import type { reportContext } from '@homeroom/core/api/help-desk';
import { derivePriority, routeOf, scrubSecrets } from '@homeroom/core/help-desk/report';
import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { insertTicket, insertTicketEvent } from './help-desk.repository.ts';
import { ticketFor } from './ticket-view.ts';

export interface ProblemReport {
  whatHappened: string;
  context: z.output<typeof reportContext>;
}

/**
 * A person reports a problem from the screen where it happened. What they wrote and the context
 * the web app sent are kept only after anything resembling a password or token is removed (the
 * schema already refused any field it does not name); how urgent it is comes from the screen, the
 * requests that failed there and their words.
 */
export async function reportProblem(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, report: ProblemReport) {
  let secretsRemoved = 0;
  const clean = (text: string) => {
    const scrubbed = scrubSecrets(text);
    secretsRemoved += scrubbed.removed;
    return scrubbed.text;
  };
  const context = {
    screen: routeOf(report.context.screen),
    records: report.context.records,
    failedRequests: report.context.failedRequests.map((r) => ({ ...r, route: routeOf(r.route) })),
    userAgent: report.context.userAgent === null ? null : clean(report.context.userAgent),
  };
  const whatHappened = clean(report.whatHappened);
  const { priority, reason } = derivePriority({ whatHappened, screen: context.screen, failedRequests: context.failedRequests });
  return db.transaction().execute(async (trx) => {
    const { id } = await insertTicket(trx, { districtId: actor.districtId, reporterId: actor.userId, whatHappened, context, priority, priorityReason: reason });
    await insertTicketEvent(trx, { districtId: actor.districtId, ticketId: id, authorId: actor.userId, kind: 'reported', priority });
    await writeAudit(trx, actor, origin, { action: 'report-problem', entity: 'help-desk-ticket', entityId: id, details: { priority, secretsRemoved } });
    const { ticket } = await ticketFor(trx, actor, id);
    return { ticket, secretsRemoved };
  });
}
