import { useQuery } from '@tanstack/react-query';
import { NavLink } from 'react-router';
import { apiGet } from '../api/client.ts';
import type { AlertList, Role, SessionUser } from '../api/types.ts';
import { hasRole } from '../session.ts';

/** Who sees alerts: the district's administrators, and each school's. */
export const ALERT_READERS: Role[] = ['district-admin', 'school-admin'];
export const ALERTS_KEY = ['alerts'] as const;

/** The alerts not yet resolved for the person's schools, checked again every minute. */
export function useAlerts(enabled = true) {
  return useQuery({ queryKey: ALERTS_KEY, enabled, queryFn: ({ signal }) => apiGet<AlertList>('/api/alerts', signal), refetchInterval: 60_000 });
}

/** The bell in the header: how many alerts are open (no one has acknowledged them), opening the alerts page. */
export function AlertBell({ user }: { user: SessionUser }) {
  const mayRead = hasRole(user, ...ALERT_READERS);
  const alerts = useAlerts(mayRead);
  if (!mayRead) return null;
  const open = alerts.data?.open ?? 0;
  const label = alerts.data ? `Alerts: ${open} open${alerts.data.items.length > open ? `, ${alerts.data.items.length - open} acknowledged` : ''}` : 'Alerts';
  return (
    <NavLink to="/alerts" className={`alert-bell${open ? ' has-open' : ''}`} aria-label={label} title={label}>
      <svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24">
        <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" />
      </svg>
      {alerts.data ? <span className="alert-count" aria-hidden="true">{open}</span> : null}
    </NavLink>
  );
}
