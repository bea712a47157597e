import type { FailedRequest, Ticket, TicketSummary } from '@homeroom/core/api/help-desk';
import type { TicketPriority, TicketStatus } from '@homeroom/core/help-desk/report';
import { schoolsWhere, type Actor } from '../../auth/roles.ts';
import type { Handle } from '../../db/handle.ts';
import { notFound } from '../../http/problem.ts';
import { servesReporter, ticketById, ticketEvents, type TicketRow } from './help-desk.repository.ts';

/** The schools whose users this help desk serves ('all' for a district-wide desk); none for anyone else. */
export const helpDeskSchools = (actor: Actor) => schoolsWhere(actor, 'help-desk');

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function ticketSummaryOf(row: TicketRow): TicketSummary {
  return {
    id: row.id,
    reporter: row.reporter!,
    whatHappened: row.what_happened,
    screen: row.screen,
    priority: row.priority as TicketPriority,
    priorityReason: row.priority_reason,
    status: row.status as TicketStatus,
    assignee: row.assignee,
    createdAt: row.created_at.toISOString(),
    firstAnsweredAt: iso(row.first_answered_at),
    resolvedAt: iso(row.resolved_at),
    version: row.version,
  };
}

/**
 * A ticket as the one asking may see it: its reporter (without the help desk's own notes), or a
 * help desk that serves the reporter (with them); anyone else is told it does not exist.
 */
export async function ticketFor(db: Handle, actor: Actor, ticketId: number): Promise<{ ticket: Ticket; asHelpDesk: boolean }> {
  const row = await ticketById(db, actor.districtId, ticketId);
  if (!row) throw notFound('This ticket');
  const schools = helpDeskSchools(actor);
  const asHelpDesk = (schools === 'all' || schools.length > 0) && (await servesReporter(db, actor.districtId, row.reporter_id, schools));
  if (!asHelpDesk && row.reporter_id !== actor.userId) throw notFound('This ticket');
  const events = await ticketEvents(db, actor.districtId, ticketId, asHelpDesk);
  return {
    asHelpDesk,
    ticket: {
      ...ticketSummaryOf(row),
      records: row.records as Ticket['records'],
      failedRequests: row.failed_requests as FailedRequest[],
      userAgent: row.user_agent,
      events: events.map((e) => ({ kind: e.kind as Ticket['events'][number]['kind'], author: e.author!, body: e.body, status: e.status as TicketStatus | null, priority: e.priority as TicketPriority | null, assignee: e.assignee, at: e.at.toISOString() })),
    },
  };
}
