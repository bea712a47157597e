import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { apiRequest } from '../api/client.ts';
import type { AlertItem } from '../api/types.ts';
import { ALERTS_KEY, useAlerts } from '../components/AlertBell.tsx';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { counted } from '../format.ts';
import { useSession } from '../session.ts';

export const RULE_NAMES: Record<AlertItem['rule'], string> = {
  'students-without-schedule': 'Students without a class',
  'attendance-not-taken': 'Attendance not taken',
  'job-failed': 'A job failed',
  'server-errors': 'Server errors',
  'import-problems': 'District import',
};

const LIST_NAMES: Record<AlertItem['rule'], string> = {
  'students-without-schedule': 'the students',
  'attendance-not-taken': 'the classes',
  'job-failed': 'the job',
  'server-errors': 'the figures',
  'import-problems': 'the imports',
};

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/**
 * The alerts for the person's schools, newest first: what each is about, the list behind it, and
 * acknowledging ("I am on it") or resolving it. Someone else's change in between is said, and the
 * list is read again.
 */
export function AlertsPage() {
  usePageTitle('Alerts');
  const alerts = useAlerts();
  const session = useSession();
  const client = useQueryClient();
  const [done, setDone] = useState('');
  const readOnly = Boolean(session.data?.user.viewedBy);
  const change = useMutation({
    mutationFn: ({ alert, action }: { alert: AlertItem; action: 'acknowledge' | 'resolve' }) =>
      apiRequest<AlertItem>(`/api/alerts/${alert.id}/${action}`, { method: 'POST', headers: { 'if-match': `"${alert.version}"` }, body: action === 'resolve' ? {} : undefined }).then((r) => r.data),
    onSuccess: (alert) => setDone(`${alert.status === 'resolved' ? 'Resolved' : 'Acknowledged'}: ${alert.title}`),
    onSettled: () => void client.invalidateQueries({ queryKey: ALERTS_KEY }),
  });
  const list = alerts.data;
  return (
    <>
      <h1>Alerts</h1>
      <p className="lead">What went wrong at your schools, newest first. Open the list behind an alert to see to it; acknowledge it so others know someone is on it, and resolve it once it is dealt with.</p>
      <div aria-live="polite">
        {done ? <p className="notice notice-ok">{done}</p> : null}
      </div>
      {change.error ? <ErrorNotice error={change.error} /> : null}
      {alerts.isPending ? <Loading what="the alerts" /> : null}
      {alerts.error ? <ErrorNotice error={alerts.error} onRetry={() => void alerts.refetch()} /> : null}
      {list ? (
        list.items.length === 0 ? (
          <p>No alerts: nothing is wrong at your schools right now.</p>
        ) : (
          <>
            <p>
              {counted(list.open, 'open alert')}, {counted(list.items.length - list.open, 'acknowledged alert')}.
            </p>
            <div className="table-wrap">
              <table data-list="alerts">
                <caption className="visually-hidden">Alerts not yet resolved, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Alert</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Raised</th>
                    <th scope="col">Status</th>
                    <th scope="col">Behind it</th>
                    {readOnly ? null : <th scope="col">See to it</th>}
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((alert) => (
                    <tr key={alert.id} className={alert.status === 'open' ? 'exception' : undefined}>
                      <th scope="row">{alert.title}</th>
                      <td>{RULE_NAMES[alert.rule]}</td>
                      <td>{when(alert.raisedAt)}</td>
                      <td>{alert.status === 'open' ? 'Open' : `Acknowledged${alert.acknowledgedBy ? ` by ${alert.acknowledgedBy}` : ''}`}</td>
                      <td>
                        {alert.link === null ? (
                          <span className="muted">In the server’s logs</span>
                        ) : alert.link.startsWith('/api/') ? (
                          <a href={alert.link}>
                            Open {LIST_NAMES[alert.rule]}
                            <span className="visually-hidden"> of: {alert.title}</span>
                          </a>
                        ) : (
                          <Link to={alert.link}>
                            Open {LIST_NAMES[alert.rule]}
                            <span className="visually-hidden"> of: {alert.title}</span>
                          </Link>
                        )}
                      </td>
                      {readOnly ? null : (
                        <td className="actions">
                          {alert.status === 'open' ? (
                            <button type="button" className="secondary" aria-label={`Acknowledge: ${alert.title}`} disabled={change.isPending} onClick={() => change.mutate({ alert, action: 'acknowledge' })}>
                              Acknowledge
                            </button>
                          ) : null}{' '}
                          <button type="button" className="secondary" aria-label={`Resolve: ${alert.title}`} disabled={change.isPending} onClick={() => change.mutate({ alert, action: 'resolve' })}>
                            Resolve
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )
      ) : null}
    </>
  );
}
