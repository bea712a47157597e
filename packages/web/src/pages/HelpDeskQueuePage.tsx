import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import { apiGet } from '../api/client.ts';
import type { HelpDeskFigures, TicketList, TicketSummary } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { NamedOptions, PRIORITY_NAMES, PriorityLabel, STATUS_NAMES, when } from '../components/TicketFacts.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';

const minutes = (value: number | null) => (value === null ? 'no tickets yet' : value < 120 ? `${value} minutes` : `${Math.round(value / 60)} hours`);

/** The district's help-desk figures, as a table a screen reader reads as easily as an eye. */
export function HelpDeskFiguresPanel() {
  const figures = useQuery({ queryKey: ['help-desk', 'figures'], queryFn: ({ signal }) => apiGet<HelpDeskFigures>('/api/help-desk/figures', signal) });
  return (
    <section aria-labelledby="figures-heading" className="panel wide">
      <h2 id="figures-heading">Figures</h2>
      {figures.isPending ? <Loading what="the figures" /> : null}
      {figures.error ? <ErrorNotice error={figures.error} /> : null}
      {figures.data ? (
        <>
          <dl className="facts">
            {(['urgent', 'high', 'normal', 'low'] as const).map((p) => (
              <Fragment key={p}>
                <dt>Open, {PRIORITY_NAMES[p].toLowerCase()}</dt>
                <dd>{figures.data.openByPriority[p]}</dd>
              </Fragment>
            ))}
            <dt>Median time to a first answer</dt>
            <dd>{minutes(figures.data.medianMinutesToFirstAnswer)}</dd>
            <dt>Median time to resolution</dt>
            <dd>{minutes(figures.data.medianMinutesToResolution)}</dd>
          </dl>
          <table>
            <caption>Most frequent problem codes this week</caption>
            <thead>
              <tr>
                <th scope="col">Problem code</th>
                <th scope="col" className="number">
                  Failed requests
                </th>
              </tr>
            </thead>
            <tbody>
              {figures.data.topProblemCodes.length === 0 ? (
                <tr>
                  <td colSpan={2}>None this week.</td>
                </tr>
              ) : (
                figures.data.topProblemCodes.map((c) => (
                  <tr key={c.code}>
                    <th scope="row">{c.code}</th>
                    <td className="number">{c.count}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}

/** The help desk's queue: unresolved first, most urgent first; filtered by status and priority. */
export function HelpDeskQueuePage() {
  usePageTitle('Help-desk queue');
  const [status, setStatus] = useState<TicketSummary['status'] | ''>('');
  const [priority, setPriority] = useState<TicketSummary['priority'] | ''>('');
  const query = new URLSearchParams({ ...(status ? { status } : {}), ...(priority ? { priority } : {}) }).toString();
  const queue = useQuery({ queryKey: ['help-desk', 'queue', query], queryFn: ({ signal }) => apiGet<TicketList>(`/api/help-desk/tickets${query ? `?${query}` : ''}`, signal) });
  return (
    <>
      <h1>Help-desk queue</h1>
      <form className="toolbar" onSubmit={(e) => e.preventDefault()}>
        <div>
          <label htmlFor="queue-status">Status</label>
          <select id="queue-status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            <option value="">Any</option>
            <NamedOptions names={STATUS_NAMES} />
          </select>
        </div>
        <div>
          <label htmlFor="queue-priority">Priority</label>
          <select id="queue-priority" value={priority} onChange={(e) => setPriority(e.target.value as typeof priority)}>
            <option value="">Any</option>
            <NamedOptions names={PRIORITY_NAMES} />
          </select>
        </div>
      </form>
      {queue.isPending ? <Loading what="the queue" /> : null}
      {queue.error ? <ErrorNotice error={queue.error} onRetry={() => void queue.refetch()} /> : null}
      {queue.data && queue.data.tickets.length === 0 ? <p>No tickets match.</p> : null}
      {queue.data && queue.data.tickets.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Tickets</caption>
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Priority</th>
                <th scope="col">Status</th>
                <th scope="col">Reported by</th>
                <th scope="col">Reported</th>
                <th scope="col">Assigned to</th>
                <th scope="col">What happened</th>
              </tr>
            </thead>
            <tbody>
              {queue.data.tickets.map((t) => (
                <tr key={t.id}>
                  <th scope="row">
                    <Link to={`/tickets/${t.id}`}>Ticket {t.id}</Link>
                  </th>
                  <td>
                    <PriorityLabel ticket={t} />
                  </td>
                  <td>{STATUS_NAMES[t.status]}</td>
                  <td>
                    {t.reporter.displayName} <span className="muted">{t.reporter.username}</span>
                  </td>
                  <td>{when(t.createdAt)}</td>
                  <td>{t.assignee?.displayName ?? '—'}</td>
                  <td>{t.whatHappened.length > 100 ? `${t.whatHappened.slice(0, 100)}…` : t.whatHappened}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <HelpDeskFiguresPanel />
    </>
  );
}

/** The figures alone, for a district administrator, who has no queue to work. */
export function HelpDeskFiguresPage() {
  usePageTitle('Help-desk figures');
  return (
    <>
      <h1>Help-desk figures</h1>
      <p className="lead">Open tickets by priority, how long the help desk takes to answer and to resolve (medians over the last 30 days), and the problems people met most this week.</p>
      <HelpDeskFiguresPanel />
    </>
  );
}
