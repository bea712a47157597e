import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { apiGet, apiSend } from '../api/client.ts';
import type { Account, AuditEvent } from '../api/records.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { StaffAccountForm } from '../components/StaffAccountForm.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { roleName } from '../format.ts';
import { hasRole, useSession } from '../session.ts';
import type { Role } from '../api/types.ts';

/** Who read or changed a student's record (FERPA), by student or by user, with a CSV export for a records request. */
export function AuditTrailPage() {
  usePageTitle('Audit trail');
  const [params, setParams] = useSearchParams();
  const filters = { studentId: params.get('studentId') ?? '', userId: params.get('userId') ?? '', from: params.get('from') ?? '', to: params.get('to') ?? '' };
  const [draft, setDraft] = useState(filters);
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  const asked = query.toString() !== '';
  const events = useQuery({
    queryKey: ['audit-events', query.toString()],
    enabled: asked,
    queryFn: ({ signal }) => apiGet<{ items: AuditEvent[]; nextCursor: string | null }>(`/api/audit-events?${query.toString()}&limit=200`, signal),
  });
  const field = (name: keyof typeof draft, label: string, type = 'text', hint?: string) => (
    <div>
      <label htmlFor={`audit-${name}`}>{label}</label>
      <input id={`audit-${name}`} type={type} inputMode={type === 'text' ? 'numeric' : undefined} value={draft[name]} onChange={(e) => setDraft({ ...draft, [name]: e.target.value })} aria-describedby={hint ? `audit-${name}-hint` : undefined} />
      {hint ? (
        <p id={`audit-${name}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
  return (
    <>
      <h1>Audit trail</h1>
      <p className="lead">Who read or changed a student’s record, newest first. Searching is itself recorded.</p>
      <form
        className="toolbar top"
        onSubmit={(e) => {
          e.preventDefault();
          setParams(new URLSearchParams(Object.entries(draft).filter(([, v]) => v.trim())), { replace: true });
        }}
      >
        {field('studentId', 'Student (record number)', 'text', 'The number at the end of the student’s address, /students/…')}
        {field('userId', 'User (account number)', 'text', 'From “Accounts”')}
        {field('from', 'From', 'date')}
        {field('to', 'To', 'date')}
        <div className="toolbar-button">
          <button type="submit" className="primary">
            Search
          </button>
        </div>
      </form>
      {asked ? (
        <p>
          <a href={`/api/audit-events/export?${query.toString()}`} download>
            Download these rows as CSV (for a records request)
          </a>
        </p>
      ) : (
        <p className="hint">Give a student or a user to search.</p>
      )}
      {events.isFetching ? <Loading what="the audit trail" /> : null}
      {events.error ? <ErrorNotice error={events.error} /> : null}
      {events.data ? (
        <div className="table-wrap">
          <table>
            <caption>
              {events.data.items.length} {events.data.items.length === 1 ? 'event' : 'events'}
              {events.data.nextCursor ? ' (the most recent 200; narrow the dates to see older ones)' : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Did</th>
                <th scope="col">What</th>
                <th scope="col">Students</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {events.data.items.map((e) => (
                <tr key={e.id}>
                  <td>{new Date(e.occurredAt).toLocaleString()}</td>
                  <th scope="row">
                    {e.user?.username ?? 'system'}
                    {e.role ? <span className="muted"> ({roleName(e.role as Role)})</span> : null}
                    {e.viewingAsUserId ? <span className="muted"> viewing as user {e.viewingAsUserId}</span> : null}
                  </th>
                  <td>{e.action}</td>
                  <td>
                    {e.entity}
                    {e.entityId ? ` ${e.entityId}` : ''}
                  </td>
                  <td>
                    <EventStudents event={e} />
                  </td>
                  <td>{e.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

/** A roster read or a search page is one event naming many students: their number, the record numbers folded under it. */
function EventStudents({ event }: { event: AuditEvent }) {
  if (event.studentIds === null) return <>{event.studentId ?? '—'}</>;
  if (event.studentIds.length === 1) return <>{event.studentIds[0]}</>;
  return (
    <details>
      <summary>{event.studentIds.length} students</summary>
      {event.studentIds.join(', ')}
    </details>
  );
}

/** Find an account and unlock it (wrong passwords), for the help desk and district administrators. */
export function AccountsPage() {
  usePageTitle('Accounts');
  const client = useQueryClient();
  const session = useSession();
  const [search, setSearch] = useState('');
  const [asked, setAsked] = useState('');
  const [done, setDone] = useState('');
  const accounts = useQuery({
    queryKey: ['accounts', asked],
    enabled: asked !== '',
    queryFn: ({ signal }) => apiGet<{ users: Account[] }>(`/api/admin/users?search=${encodeURIComponent(asked)}`, signal),
  });
  const unlock = useMutation({
    mutationFn: (account: Account) => apiSend('POST', `/api/admin/users/${account.id}/unlock`, { reason: 'unlocked from the Accounts screen' }).then(() => account),
    onSuccess: async (account) => {
      setDone(`${account.displayName} (${account.username}) is unlocked and can sign in now.`);
      await client.invalidateQueries({ queryKey: ['accounts'] });
    },
  });
  const mayAudit = session.data ? hasRole(session.data.user, 'district-admin') : false;
  return (
    <>
      <h1>Accounts</h1>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setDone('');
          setAsked(search.trim());
        }}
      >
        <div>
          <label htmlFor="account-search">Username or name</label>
          <input id="account-search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <button type="submit" className="primary">
          Find
        </button>
      </form>
      {done ? (
        <p className="notice notice-ok" role="status">
          {done}
        </p>
      ) : null}
      {unlock.error ? <ErrorNotice error={unlock.error} /> : null}
      {accounts.isFetching ? <Loading what="accounts" /> : null}
      {accounts.error ? <ErrorNotice error={accounts.error} /> : null}
      {accounts.data && accounts.data.users.length === 0 ? <p>No account matches “{asked}”.</p> : null}
      {accounts.data && accounts.data.users.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Accounts matching {asked}</caption>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Roles</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {accounts.data.users.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    {a.displayName} <span className="muted">{a.username}, number {a.id}</span>
                  </th>
                  <td>{a.roles.map((r) => roleName(r.role as Role)).join(', ')}</td>
                  <td>{a.disabled ? 'Disabled' : a.lockedUntil ? `Locked until ${new Date(a.lockedUntil).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })}` : 'Active'}</td>
                  <td className="row-actions">
                    {a.lockedUntil ? (
                      <button type="button" onClick={() => unlock.mutate(a)} disabled={unlock.isPending}>
                        Unlock {a.username}
                      </button>
                    ) : null}
                    {mayAudit ? <a href={`/audit?userId=${a.id}`}>What {a.username} did</a> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {mayAudit ? (
        <StaffAccountForm
          onDone={(message) => {
            setDone(message);
            void client.invalidateQueries({ queryKey: ['accounts'] });
          }}
        />
      ) : null}
    </>
  );
}
