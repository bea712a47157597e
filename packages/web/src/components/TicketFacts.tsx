import type { Ticket, TicketEvent, TicketSummary } from '../api/types.ts';

export const STATUS_NAMES: Record<TicketSummary['status'], string> = { open: 'Open', 'in-progress': 'In progress', waiting: 'Waiting for you', resolved: 'Resolved' };
export const PRIORITY_NAMES: Record<TicketSummary['priority'], string> = { urgent: 'Urgent', high: 'High', normal: 'Normal', low: 'Low' };

/** The options of a select of statuses or priorities, by their names. */
export function NamedOptions({ names }: { names: Record<string, string> }) {
  return (
    <>
      {Object.entries(names).map(([value, name]) => (
        <option key={value} value={value}>
          {name}
        </option>
      ))}
    </>
  );
}

export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : '—');

export function PriorityLabel({ ticket }: { ticket: Pick<TicketSummary, 'priority'> }) {
  return <span className={`priority-${ticket.priority}`}>{PRIORITY_NAMES[ticket.priority]}</span>;
}

function describeEvent(event: TicketEvent): string {
  switch (event.kind) {
    case 'reported':
      return 'reported the problem';
    case 'answer':
      return 'answered';
    case 'note':
      return 'noted (help desk only)';
    case 'status':
      return `set the status to ${event.status ? STATUS_NAMES[event.status] : '?'}`;
    case 'priority':
      return `set the priority to ${event.priority ? PRIORITY_NAMES[event.priority] : '?'}`;
    case 'assignment':
      return event.assignee ? `assigned it to ${event.assignee.displayName}` : 'unassigned it';
    case 'viewed-as':
      return 'viewed Homeroom as the reporter';
  }
}

/** What a ticket is and where it stands: for its reporter and for the help desk. */
export function TicketFacts({ ticket }: { ticket: Ticket }) {
  return (
    <>
      <dl className="facts">
        <dt>Reported by</dt>
        <dd>
          {ticket.reporter.displayName} ({ticket.reporter.username}), {when(ticket.createdAt)}
        </dd>
        <dt>What happened</dt>
        <dd className="pre-wrap">{ticket.whatHappened}</dd>
        <dt>Status</dt>
        <dd>{STATUS_NAMES[ticket.status]}</dd>
        <dt>Priority</dt>
        <dd>
          <PriorityLabel ticket={ticket} /> {ticket.priorityReason ? <span className="muted">({ticket.priorityReason})</span> : null}
        </dd>
        <dt>Assigned to</dt>
        <dd>{ticket.assignee ? ticket.assignee.displayName : 'nobody yet'}</dd>
        <dt>First answer</dt>
        <dd>{when(ticket.firstAnsweredAt)}</dd>
        <dt>Resolved</dt>
        <dd>{when(ticket.resolvedAt)}</dd>
      </dl>
      <h2>History</h2>
      <ol className="ticket-history">
        {ticket.events.map((event, i) => (
          <li key={i} className={event.kind}>
            <p>
              <strong>{event.author.displayName}</strong> {describeEvent(event)} <span className="muted">{when(event.at)}</span>
            </p>
            {event.body ? <p className="pre-wrap">{event.body}</p> : null}
          </li>
        ))}
      </ol>
    </>
  );
}
