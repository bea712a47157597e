import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { apiGet, apiRequest, apiSend } from '../api/client.ts';
import type { FailedRequest, FailedRequestList, SessionUser, Ticket } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { NamedOptions, PRIORITY_NAMES, STATUS_NAMES, TicketFacts, when } from '../components/TicketFacts.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { hasRole, SESSION_KEY, useSession } from '../session.ts';

/** A ticket: its reporter follows it and answers back; the help desk works it. */
export function TicketPage() {
  const ticketId = Number(useParams().ticketId);
  usePageTitle(`Ticket ${ticketId}`);
  const session = useSession();
  const user = session.data?.user;
  const ticket = useQuery({ queryKey: ['tickets', ticketId], queryFn: ({ signal }) => apiGet<Ticket>(`/api/help-desk/tickets/${ticketId}`, signal) });
  const helpDesk = user ? hasRole(user, 'help-desk') && !user.viewedBy : false;
  return (
    <>
      <h1>Ticket {ticketId}</h1>
      <p>
        <Link to={helpDesk ? '/help-desk' : '/my-reports'}>{helpDesk ? 'Back to the queue' : 'Back to my reports'}</Link>
      </p>
      {ticket.isPending ? <Loading what="the ticket" /> : null}
      {ticket.error ? <ErrorNotice error={ticket.error} onRetry={() => void ticket.refetch()} /> : null}
      {ticket.data ? (
        <>
          <TicketFacts ticket={ticket.data} />
          <AnswerForm ticket={ticket.data} helpDesk={helpDesk} />
          {helpDesk && user ? <HelpDeskTools ticket={ticket.data} agent={user} /> : null}
        </>
      ) : null}
    </>
  );
}

function useTicketChanged(ticketId: number) {
  const client = useQueryClient();
  return (changed: Ticket) => {
    client.setQueryData(['tickets', ticketId], changed);
    void client.invalidateQueries({ queryKey: ['help-desk'] });
  };
}

function AnswerForm({ ticket, helpDesk }: { ticket: Ticket; helpDesk: boolean }) {
  const [body, setBody] = useState('');
  const [kind, setKind] = useState<'answer' | 'note'>('answer');
  const changed = useTicketChanged(ticket.id);
  const send = useMutation({
    mutationFn: () => apiSend<Ticket>('POST', `/api/help-desk/tickets/${ticket.id}/answers`, { kind, body: body.trim() }),
    onSuccess: (updated) => {
      setBody('');
      changed(updated);
    },
  });
  return (
    <section aria-labelledby="answer-heading" className="panel ticket-panel">
      <h2 id="answer-heading">{helpDesk ? 'Answer or note' : 'Answer the help desk'}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          send.mutate();
        }}
      >
        {helpDesk ? (
          <fieldset>
            <legend>Who sees it</legend>
            <label className="inline">
              <input type="radio" name="answer-kind" value="answer" checked={kind === 'answer'} onChange={() => setKind('answer')} /> An answer: {ticket.reporter.displayName} sees it
            </label>
            <label className="inline">
              <input type="radio" name="answer-kind" value="note" checked={kind === 'note'} onChange={() => setKind('note')} /> A note for the help desk only
            </label>
          </fieldset>
        ) : null}
        <label htmlFor="answer-body">{kind === 'note' ? 'Note' : 'Answer'}</label>
        <textarea id="answer-body" required maxLength={4000} rows={4} value={body} onChange={(e) => setBody(e.target.value)} />
        {send.error ? <ErrorNotice error={send.error} /> : null}
        <button type="submit" className="primary" disabled={send.isPending}>
          {kind === 'note' ? 'Add the note' : 'Send the answer'}
        </button>
      </form>
    </section>
  );
}

function HelpDeskTools({ ticket, agent }: { ticket: Ticket; agent: SessionUser }) {
  const [status, setStatus] = useState(ticket.status);
  const [priority, setPriority] = useState(ticket.priority);
  const [reason, setReason] = useState('');
  const changed = useTicketChanged(ticket.id);
  const client = useQueryClient();
  const navigate = useNavigate();
  const change = useMutation({
    mutationFn: (body: Record<string, unknown>) => apiRequest<Ticket>(`/api/help-desk/tickets/${ticket.id}`, { method: 'PATCH', body, headers: { 'if-match': `"${ticket.version}"` } }).then((r) => r.data),
    onSuccess: (updated) => {
      setStatus(updated.status);
      setPriority(updated.priority);
      setReason('');
      changed(updated);
    },
  });
  const viewAs = useMutation({
    mutationFn: () => apiSend<unknown>('POST', '/api/auth/view-as', { username: ticket.reporter.username, reason: `Ticket ${ticket.id}`, ticketId: ticket.id }),
    onSuccess: async () => {
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
      await client.invalidateQueries({ queryKey: SESSION_KEY });
      navigate(ticket.screen && !ticket.screen.includes(':') ? ticket.screen : '/');
    },
  });
  const assignedToMe = ticket.assignee?.id === agent.userId;
  return (
    <>
      <section aria-labelledby="work-heading" className="panel ticket-panel">
        <h2 id="work-heading">Work the ticket</h2>
        {change.error ? <ErrorNotice error={change.error} /> : null}
        <div className="actions">
          <button type="button" onClick={() => change.mutate({ assigneeId: assignedToMe ? null : agent.userId })} disabled={change.isPending}>
            {assignedToMe ? 'Unassign me' : 'Assign to me'}
          </button>
          <button type="button" onClick={() => change.mutate({ status: 'resolved' })} disabled={change.isPending || ticket.status === 'resolved'}>
            Resolve
          </button>
        </div>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            change.mutate({ status, ...(priority !== ticket.priority ? { priority, ...(reason.trim() ? { priorityReason: reason.trim() } : {}) } : {}) });
          }}
        >
          <label htmlFor="ticket-status">Status</label>
          <select id="ticket-status" value={status} onChange={(e) => setStatus(e.target.value as Ticket['status'])}>
            <NamedOptions names={STATUS_NAMES} />
          </select>
          <label htmlFor="ticket-priority">Priority</label>
          <select id="ticket-priority" value={priority} onChange={(e) => setPriority(e.target.value as Ticket['priority'])}>
            <NamedOptions names={PRIORITY_NAMES} />
          </select>
          <label htmlFor="ticket-priority-reason">Why this priority (when you change it)</label>
          <input id="ticket-priority-reason" maxLength={300} value={reason} onChange={(e) => setReason(e.target.value)} />
          <div className="actions">
            <button type="submit" className="primary" disabled={change.isPending}>
              Save status and priority
            </button>
          </div>
        </form>
      </section>
      <section aria-labelledby="context-heading" className="panel wide ticket-panel">
        <h2 id="context-heading">What the reporter saw</h2>
        <dl className="facts">
          <dt>Screen</dt>
          <dd>{ticket.screen ?? '—'}</dd>
          <dt>Records open</dt>
          <dd>{ticket.records.length ? ticket.records.map((r) => `${r.kind} ${r.id}`).join(', ') : 'none'}</dd>
          <dt>Browser</dt>
          <dd>{ticket.userAgent ?? '—'}</dd>
        </dl>
        <FailedRequestTable caption="Requests that had failed when it was reported" requests={ticket.failedRequests} />
        <ReporterFailures userId={ticket.reporter.id} />
        {viewAs.error ? <ErrorNotice error={viewAs.error} /> : null}
        <button type="button" onClick={() => viewAs.mutate()} disabled={viewAs.isPending}>
          View as {ticket.reporter.displayName} (read-only, recorded with this ticket)
        </button>
      </section>
    </>
  );
}

function ReporterFailures({ userId }: { userId: number }) {
  const failures = useQuery({ queryKey: ['help-desk', 'failed-requests', userId], queryFn: ({ signal }) => apiGet<FailedRequestList>(`/api/help-desk/users/${userId}/failed-requests`, signal) });
  if (failures.isPending) return <Loading what="their failed requests" />;
  if (failures.error) return <ErrorNotice error={failures.error} />;
  return <FailedRequestTable caption={`${failures.data.user.displayName}'s recent failed requests`} requests={failures.data.failedRequests.slice(0, 20)} />;
}

function FailedRequestTable({ caption, requests }: { caption: string; requests: FailedRequest[] }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Problem code</th>
            <th scope="col">Request</th>
            <th scope="col">Status</th>
            <th scope="col">Request id</th>
          </tr>
        </thead>
        <tbody>
          {requests.length === 0 ? (
            <tr>
              <td colSpan={5}>None.</td>
            </tr>
          ) : (
            requests.map((r, i) => (
              <tr key={i}>
                <td>{when(r.at)}</td>
                <td>{r.code}</td>
                <td>
                  {r.method} {r.route}
                </td>
                <td>{r.status === 0 ? 'no answer' : r.status}</td>
                <td>{r.requestId ?? '—'}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
