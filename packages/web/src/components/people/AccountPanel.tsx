import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { apiSend } from '../../api/client.ts';
import type { AccountDisabled, AccountSummary, Role, RoleGrantRow } from '../../api/types.ts';
import { counted, formatDay, roleName, todayIso } from '../../format.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { Field, fieldErrorsOf, PanelForm } from '../EnrollmentForms.tsx';
import { useSchools } from '../StudentSearch.tsx';
import { SchoolSelect } from './AssignmentFields.tsx';

/** Roles a staff account is granted here; a student's and a guardian's come with their account. */
const STAFF_ROLES: Role[] = ['teacher', 'counselor', 'attendance-clerk', 'school-admin', 'district-admin', 'help-desk'];
const DISTRICT_WIDE: Role[] = ['district-admin', 'help-desk'];

const grantSpan = (g: RoleGrantRow) => `${g.startsOn ? formatDay(g.startsOn) : 'From the start'} – ${g.endsOn ? formatDay(g.endsOn) : 'open'}`;

/**
 * A person's account: whether it is on, how it signs in, and the roles it holds at which school
 * from when to when. The keepers of the person's school turn it off (which ends every session and
 * revokes its API tokens at once), grant roles and end them; ended grants stay listed as history.
 */
export function AccountPanel({ account, who, createUrl, queryKey, mayChange, staff }: { account: AccountSummary | null; who: string; createUrl: string; queryKey: readonly unknown[]; mayChange: boolean; staff: boolean }) {
  const client = useQueryClient();
  const [message, setMessage] = useState('');
  const refresh = async (text: string) => {
    setMessage(text);
    await client.invalidateQueries({ queryKey });
    await client.invalidateQueries({ queryKey: ['people', 'staff'] });
  };
  if (!account) {
    return (
      <>
        <p>{who} has no account yet.</p>
        {message ? (
          <p className="notice notice-ok" role="status">
            {message}
          </p>
        ) : null}
        {mayChange ? <NewAccountForm url={createUrl} who={who} onDone={(text) => void refresh(text)} /> : null}
      </>
    );
  }
  return (
    <>
      {message ? (
        <p className="notice notice-ok" role="status">
          {message}
        </p>
      ) : null}
      <dl className="facts">
        <dt>Username</dt>
        <dd>{account.username}</dd>
        <dt>Account</dt>
        <dd>{account.disabled ? <strong>Turned off</strong> : 'On'}</dd>
        <dt>Signs in with</dt>
        <dd>{[account.hasPassword ? 'a Homeroom password' : null, account.linkedToDistrictAccount ? 'the district account it is linked to' : 'the district account, once linked at a first sign-in'].filter(Boolean).join(' or ')}</dd>
      </dl>
      {mayChange ? <AccountSwitch account={account} who={who} onDone={(text) => void refresh(text)} /> : null}
      <h3>Roles</h3>
      {account.grants.length === 0 ? (
        <p>No roles granted: the account signs in to nothing.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Role grants of {account.username}, newest first, ended ones included</caption>
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">School</th>
                <th scope="col">Days</th>
                <th scope="col">Today</th>
                <th scope="col">Granted by</th>
                {mayChange ? <th scope="col">Change</th> : null}
              </tr>
            </thead>
            <tbody>
              {account.grants.map((g) => (
                <tr key={g.id}>
                  <th scope="row">{roleName(g.role as Role)}</th>
                  <td>{g.schoolName ?? 'Whole district'}</td>
                  <td>{grantSpan(g)}</td>
                  <td>{g.holdsToday ? 'Holds' : g.endsOn && g.endsOn <= todayIso() ? `Ended${g.endedBy ? ` by ${g.endedBy}` : ''}` : 'Not started'}</td>
                  <td>{g.grantedBy ?? '—'}</td>
                  {mayChange ? <td>{g.endsOn === null || g.endsOn > todayIso() ? <EndGrant account={account} grant={g} onDone={(text) => void refresh(text)} /> : null}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mayChange && staff ? <GrantRoleForm account={account} onDone={(text) => void refresh(text)} /> : null}
    </>
  );
}

function NewAccountForm({ url, who, onDone }: { url: string; who: string; onDone: (message: string) => void }) {
  const ids = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const create = useMutation({
    mutationFn: () => apiSend<unknown>('POST', url, { username: username.trim(), ...(password ? { password } : {}) }),
    onSuccess: () => onDone(`${who} can sign in as ${username.trim().toLowerCase()}.`),
  });
  const errors = fieldErrorsOf(create.error);
  return (
    <PanelForm title={`Create an account for ${who}`} onSubmit={() => create.mutate()}>
      {create.error ? <ErrorNotice error={create.error} /> : null}
      <Field id={`${ids}-username`} label="Username" error={errors.username}>
        {(d) => <input id={`${ids}-username`} autoComplete="off" required maxLength={60} value={username} onChange={(e) => setUsername(e.target.value)} {...d} />}
      </Field>
      <Field id={`${ids}-password`} label="First password (optional)" error={errors.password} hint="Leave empty when the person signs in with the district's single sign-on. Give it to them in person.">
        {(d) => <input id={`${ids}-password`} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} {...d} />}
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create the account'}
        </button>
      </div>
    </PanelForm>
  );
}

function AccountSwitch({ account, who, onDone }: { account: AccountSummary; who: string; onDone: (message: string) => void }) {
  const ids = useId();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const turnOff = !account.disabled;
  const change = useMutation({
    mutationFn: () => apiSend<AccountDisabled>('POST', `/api/people/accounts/${account.userId}/${turnOff ? 'disable' : 'enable'}`, reason.trim() ? { reason: reason.trim() } : {}),
    onSuccess: (result) => {
      setConfirming(false);
      setReason('');
      onDone(
        result.disabled
          ? `The account of ${who} is turned off: ${counted(result.sessionsEnded, 'session')} ended, ${counted(result.apiTokensRevoked, 'API token')} revoked.`
          : `The account of ${who} is on again. Its revoked API tokens stay revoked.`,
      );
    },
  });
  if (!confirming) {
    return (
      <div className="actions">
        <button type="button" className="secondary" onClick={() => setConfirming(true)}>
          {turnOff ? 'Turn off the account' : 'Turn the account back on'}
        </button>
      </div>
    );
  }
  return (
    <PanelForm title={turnOff ? `Turn off the account of ${who}?` : `Turn the account of ${who} back on?`} onSubmit={() => change.mutate()}>
      {turnOff ? <p>Every session of the account ends now, and the API tokens it issued are revoked for good.</p> : null}
      {change.error ? <ErrorNotice error={change.error} /> : null}
      <Field id={`${ids}-reason`} label="Reason (optional)" hint="For example: left the district on 4 December.">
        {(d) => <input id={`${ids}-reason`} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} {...d} />}
      </Field>
      <div className="actions">
        <button type="submit" className={turnOff ? 'danger' : 'primary'} disabled={change.isPending}>
          {turnOff ? 'Turn off now' : 'Turn it on'}
        </button>
        <button type="button" className="secondary" onClick={() => setConfirming(false)}>
          Cancel
        </button>
      </div>
    </PanelForm>
  );
}

function EndGrant({ account, grant, onDone }: { account: AccountSummary; grant: RoleGrantRow; onDone: (message: string) => void }) {
  const end = useMutation({
    mutationFn: () => apiSend<AccountSummary>('POST', `/api/people/accounts/${account.userId}/grants/${grant.id}/end`, {}),
    onSuccess: () => onDone(`${roleName(grant.role as Role)}${grant.schoolName ? ` at ${grant.schoolName}` : ''} is ended for ${account.username}; it stays in the history.`),
  });
  return (
    <>
      <button type="button" className="secondary" disabled={end.isPending} onClick={() => end.mutate()} aria-label={`End today: ${roleName(grant.role as Role)}${grant.schoolName ? ` at ${grant.schoolName}` : ''}`}>
        End today
      </button>
      {end.error ? <ErrorNotice error={end.error} /> : null}
    </>
  );
}

function GrantRoleForm({ account, onDone }: { account: AccountSummary; onDone: (message: string) => void }) {
  const ids = useId();
  const schools = useSchools();
  const [draft, setDraft] = useState({ role: 'teacher' as Role, schoolId: '', startsOn: todayIso(), endsOn: '' });
  const districtWide = DISTRICT_WIDE.includes(draft.role);
  const grant = useMutation({
    mutationFn: () => apiSend<AccountSummary>('POST', `/api/people/accounts/${account.userId}/grants`, { role: draft.role, schoolId: districtWide ? null : Number(draft.schoolId), startsOn: draft.startsOn, endsOn: draft.endsOn || null }),
    onSuccess: () => {
      const school = districtWide ? 'the whole district' : (schools.data?.items.find((s) => String(s.id) === draft.schoolId)?.name ?? 'the school');
      onDone(`${account.username} holds ${roleName(draft.role).toLowerCase()} at ${school} from ${formatDay(draft.startsOn)}.`);
    },
  });
  const errors = fieldErrorsOf(grant.error);
  return (
    <PanelForm title="Grant a role" onSubmit={() => grant.mutate()}>
      {grant.error ? <ErrorNotice error={grant.error} /> : null}
      <Field id={`${ids}-role`} label="Role" error={errors.role}>
        {(d) => (
          <select id={`${ids}-role`} value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })} {...d}>
            {STAFF_ROLES.map((role) => (
              <option key={role} value={role}>
                {roleName(role)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {districtWide ? null : (
        <Field id={`${ids}-school`} label="At school" error={errors.schoolId}>
          {(d) => <SchoolSelect id={`${ids}-school`} value={draft.schoolId} onChange={(e) => setDraft({ ...draft, schoolId: e.target.value })} described={d} />}
        </Field>
      )}
      <Field id={`${ids}-starts`} label="From" error={errors.startsOn}>
        {(d) => <input id={`${ids}-starts`} type="date" required value={draft.startsOn} onChange={(e) => setDraft({ ...draft, startsOn: e.target.value })} {...d} />}
      </Field>
      <Field id={`${ids}-ends`} label="First day without it (optional)" error={errors.endsOn}>
        {(d) => <input id={`${ids}-ends`} type="date" value={draft.endsOn} onChange={(e) => setDraft({ ...draft, endsOn: e.target.value })} {...d} />}
      </Field>
      <div className="actions">
        <button type="submit" className="primary" disabled={grant.isPending}>
          {grant.isPending ? 'Granting…' : 'Grant the role'}
        </button>
      </div>
    </PanelForm>
  );
}
