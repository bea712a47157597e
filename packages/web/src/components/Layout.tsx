import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { apiSend } from '../api/client.ts';
import type { Role, SessionUser } from '../api/types.ts';
import { roleName } from '../format.ts';
import { hasRole, primaryRole, SESSION_KEY, signedOut, STAFF_WITH_STUDENTS } from '../session.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { ReportProblem } from './ReportProblem.tsx';
import { AlertBell } from './AlertBell.tsx';

/** Each role's screens, in the order of a working day; an area is listed only for roles that may open it. */
const AREAS: Array<{ to: string; label: string; roles: Role[] }> = [
  { to: '/sections', label: 'My sections', roles: ['teacher'] },
  { to: '/graduation', label: 'Graduation worklists', roles: ['counselor', 'school-admin', 'district-admin'] },
  { to: '/schedules/incomplete', label: 'Incomplete schedules', roles: ['counselor', 'school-admin', 'district-admin'] },
  { to: '/attendance', label: 'Attendance office', roles: ['attendance-clerk', 'school-admin', 'district-admin'] },
  { to: '/school', label: 'School and scheduling', roles: ['school-admin', 'district-admin'] },
  { to: '/school-year', label: 'School year & calendar', roles: ['school-admin', 'district-admin'] },
  { to: '/school-setup', label: 'School setup', roles: ['school-admin', 'district-admin', 'attendance-clerk', 'counselor'] },
  { to: '/audit', label: 'Audit trail', roles: ['school-admin', 'district-admin'] },
  { to: '/accounts', label: 'Accounts', roles: ['district-admin', 'help-desk'] },
  { to: '/api-tokens', label: 'API tokens', roles: ['district-admin'] },
  { to: '/district-import', label: 'District import', roles: ['district-admin'] },
  { to: '/oneroster-export', label: 'OneRoster export', roles: ['district-admin'] },
  { to: '/report-cards', label: 'Report cards', roles: ['school-admin', 'district-admin', 'attendance-clerk'] },
  { to: '/help-desk', label: 'Help-desk queue', roles: ['help-desk'] },
  { to: '/help-desk/figures', label: 'Help-desk figures', roles: ['district-admin'] },
  { to: '/my-reports', label: 'My reports', roles: ['district-admin', 'school-admin', 'counselor', 'teacher', 'attendance-clerk', 'help-desk', 'student', 'guardian'] },
  { to: '/readiness', label: 'Go-live readiness', roles: ['school-admin', 'district-admin'] },
  { to: '/people', label: 'People and accounts', roles: ['district-admin', 'school-admin', 'attendance-clerk', 'help-desk'] },
  { to: '/sign-in-settings', label: 'Sign-in settings', roles: ['district-admin'] },
];

export function Layout({ user }: { user: SessionUser }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      {user.viewedBy ? <ViewingAsBanner user={user} /> : null}
      <header className="app-header">
        <NavLink to="/" className="brand">
          Homeroom
        </NavLink>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/" end>
                Home
              </NavLink>
            </li>
            {hasRole(user, ...STAFF_WITH_STUDENTS) ? (
              <li>
                <NavLink to="/students">Students</NavLink>
              </li>
            ) : null}
            {AREAS.filter((area) => hasRole(user, ...area.roles)).map((area) => (
              <li key={area.to}>
                <NavLink to={area.to}>{area.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {/* A help desk viewing as someone works from the ticket, not by reporting in their name. */}
        {user.viewedBy ? null : <ReportProblem />}
        <AlertBell user={user} />
        <AccountMenu user={user} />
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

function AccountMenu({ user }: { user: SessionUser }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [everywhereDone, setEverywhereDone] = useState<number | null>(null);
  const signOut = useMutation({
    mutationFn: (everywhere: boolean) =>
      everywhere ? apiSend<{ sessionsEnded: number }>('POST', '/api/auth/sign-out-everywhere') : apiSend<null>('POST', '/api/auth/sign-out').then(() => null),
    onSuccess: (result) => {
      if (result) setEverywhereDone(result.sessionsEnded);
      signedOut(client);
      navigate('/sign-in', { state: { signedOut: result ? `You are signed out of ${result.sessionsEnded} ${result.sessionsEnded === 1 ? 'browser' : 'browsers and devices'}.` : 'You are signed out.' } });
    },
  });
  return (
    <div className="account">
      <p className="who">
        <span className="who-name">{user.displayName}</span> <span className="who-role">{roleName(primaryRole(user))}</span>
      </p>
      <button type="button" onClick={() => signOut.mutate(false)} disabled={signOut.isPending}>
        Sign out
      </button>
      <button type="button" className="secondary" onClick={() => signOut.mutate(true)} disabled={signOut.isPending} title="Ends your sessions on every computer, tablet and phone">
        Sign out everywhere
      </button>
      {signOut.error ? <ErrorNotice error={signOut.error} /> : null}
      {everywhereDone !== null ? <span className="visually-hidden">Signed out of {everywhereDone} sessions</span> : null}
    </div>
  );
}

/** On every page while the help desk views as someone: what they see is read-only, and how to stop. */
function ViewingAsBanner({ user }: { user: SessionUser }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const stop = useMutation({
    mutationFn: () => apiSend<null>('DELETE', '/api/auth/view-as'),
    onSuccess: async () => {
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
      await client.invalidateQueries({ queryKey: SESSION_KEY });
      navigate('/');
    },
  });
  return (
    <section className="viewing-as" aria-label="Viewing as another user">
      <p>
        <strong>
          Viewing as {user.displayName} ({user.username}), {roleName(primaryRole(user))} — read-only.
        </strong>{' '}
        You see what they see; you cannot change anything, and every page you open is recorded under your own name ({user.viewedBy?.username}).
      </p>
      <button type="button" onClick={() => stop.mutate()} disabled={stop.isPending}>
        Stop viewing as {user.displayName}
      </button>
      {stop.error ? <ErrorNotice error={stop.error} /> : null}
    </section>
  );
}
