import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { apiGet } from '../api/client.ts';
import type { TicketList } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { PriorityLabel, STATUS_NAMES, when } from '../components/TicketFacts.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';

/** The problems I reported and where each stands. */
export function MyReportsPage() {
  usePageTitle('My reports');
  const mine = useQuery({ queryKey: ['tickets', 'mine'], queryFn: ({ signal }) => apiGet<TicketList>('/api/help-desk/my-tickets', signal) });
  return (
    <>
      <h1>My reports</h1>
      <p className="lead">The problems you reported to the help desk, newest first. Use “Report a problem” at the top of any screen to report another.</p>
      {mine.isPending ? <Loading what="your reports" /> : null}
      {mine.error ? <ErrorNotice error={mine.error} onRetry={() => void mine.refetch()} /> : null}
      {mine.data && mine.data.tickets.length === 0 ? <p>You have not reported a problem.</p> : null}
      {mine.data && mine.data.tickets.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">My reports</caption>
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Reported</th>
                <th scope="col">What happened</th>
                <th scope="col">Priority</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {mine.data.tickets.map((t) => (
                <tr key={t.id}>
                  <th scope="row">
                    <Link to={`/tickets/${t.id}`}>Ticket {t.id}</Link>
                  </th>
                  <td>{when(t.createdAt)}</td>
                  <td>{t.whatHappened.length > 120 ? `${t.whatHappened.slice(0, 120)}…` : t.whatHappened}</td>
                  <td>
                    <PriorityLabel ticket={t} />
                  </td>
                  <td>{STATUS_NAMES[t.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
