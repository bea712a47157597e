import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link, useParams } from 'react-router';
import { apiRequest } from '../api/client.ts';
import type { StaffAssignment, StaffMember } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { Field, fieldErrorsOf, PanelForm } from '../components/EnrollmentForms.tsx';
import { AccountPanel } from '../components/people/AccountPanel.tsx';
import { ASSIGNMENT_NAMES, AssignmentFields, assignmentBody, emptyAssignment, type AssignmentDraft } from '../components/people/AssignmentFields.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { formatDay, todayIso, yesNo } from '../format.ts';
import { hasRole, useSession } from '../session.ts';

const assignmentName = (role: string) => ASSIGNMENT_NAMES.find(([r]) => r === role)?.[1] ?? role;

/** A staff member's page: who they are, their assignments, their account and the roles it holds, with dates. */
export function StaffMemberPage() {
  const { staffId } = useParams();
  const session = useSession();
  const user = session.data?.user;
  const mayChange = user ? hasRole(user, 'district-admin', 'school-admin', 'attendance-clerk') && !user.viewedBy : false;
  const queryKey = ['people', 'staff-member', staffId] as const;
  const staff = useQuery({ queryKey, queryFn: async ({ signal }) => (await apiRequest<StaffMember>(`/api/people/staff/${staffId}`, { signal })).data });
  usePageTitle(staff.data ? `${staff.data.firstName} ${staff.data.lastName}` : 'Staff member');
  if (staff.isPending) return <Loading what="the staff member" />;
  if (staff.error) return <ErrorNotice error={staff.error} onRetry={() => void staff.refetch()} />;
  const s = staff.data;
  const who = `${s.firstName} ${s.lastName}`;
  return (
    <article aria-labelledby="staff-name">
      <p>
        <Link to="/people">Back to people and accounts</Link>
      </p>
      <h1 id="staff-name">{who}</h1>
      <dl className="facts">
        <dt>Employee number</dt>
        <dd>{s.employeeId}</dd>
        <dt>Email</dt>
        <dd>{s.email ?? '—'}</dd>
        <dt>On the active staff</dt>
        <dd>{yesNo(s.active)}</dd>
      </dl>
      {mayChange ? <StaffMemberEditor staff={s} queryKey={queryKey} /> : null}

      <section aria-labelledby="assignments-h">
        <h2 id="assignments-h">Assignments</h2>
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Assignments of {who}, latest first</caption>
            <thead>
              <tr>
                <th scope="col">School</th>
                <th scope="col">Assignment</th>
                <th scope="col">Year</th>
                <th scope="col">FTE</th>
                <th scope="col">Days</th>
                {mayChange ? <th scope="col">Change</th> : null}
              </tr>
            </thead>
            <tbody>
              {s.assignments.map((a) => (
                <AssignmentRow key={a.id} staffId={s.id} assignment={a} mayChange={mayChange} queryKey={queryKey} />
              ))}
            </tbody>
          </table>
        </div>
        {mayChange ? <AddAssignment staffId={s.id} queryKey={queryKey} /> : null}
      </section>

      <section aria-labelledby="account-h">
        <h2 id="account-h">Account</h2>
        <AccountPanel account={s.account} who={who} createUrl={`/api/people/staff/${s.id}/account`} queryKey={queryKey} mayChange={mayChange} staff />
      </section>
    </article>
  );
}

function FormActions({ submit, pending, onCancel }: { submit: string; pending: boolean; onCancel: () => void }) {
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={pending}>
        {submit}
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

function StaffMemberEditor({ staff, queryKey }: { staff: StaffMember; queryKey: readonly unknown[] }) {
  const ids = useId();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState({ firstName: staff.firstName, lastName: staff.lastName, email: staff.email ?? '', active: staff.active });
  const save = useMutation({
    mutationFn: () =>
      apiRequest<StaffMember>(`/api/people/staff/${staff.id}`, { method: 'PUT', headers: { 'if-match': `"${staff.version}"` }, body: { firstName: draft.firstName.trim(), lastName: draft.lastName.trim(), email: draft.email.trim() || null, active: draft.active } }),
    onSuccess: async () => {
      setOpen(false);
      await client.invalidateQueries({ queryKey });
    },
  });
  const errors = fieldErrorsOf(save.error);
  if (!open) {
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        Change name, email or active status
      </button>
    );
  }
  return (
    <PanelForm title="Change the staff member" heading="h2" onSubmit={() => save.mutate()}>
      {save.error ? <ErrorNotice error={save.error} /> : null}
      <Field id={`${ids}-first`} label="First name" error={errors.firstName}>
        {(d) => <input id={`${ids}-first`} required maxLength={60} value={draft.firstName} onChange={(e) => setDraft({ ...draft, firstName: e.target.value })} {...d} />}
      </Field>
      <Field id={`${ids}-last`} label="Last name" error={errors.lastName}>
        {(d) => <input id={`${ids}-last`} required maxLength={60} value={draft.lastName} onChange={(e) => setDraft({ ...draft, lastName: e.target.value })} {...d} />}
      </Field>
      <Field id={`${ids}-email`} label="Email (optional)" error={errors.email}>
        {(d) => <input id={`${ids}-email`} type="email" maxLength={200} value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} {...d} />}
      </Field>
      <div className="checkbox">
        <input id={`${ids}-active`} type="checkbox" checked={draft.active} onChange={(e) => setDraft({ ...draft, active: e.target.checked })} />
        <label htmlFor={`${ids}-active`}>On the active staff</label>
      </div>
      <FormActions submit="Save" pending={save.isPending} onCancel={() => setOpen(false)} />
    </PanelForm>
  );
}

function AssignmentRow({ staffId, assignment: a, mayChange, queryKey }: { staffId: number; assignment: StaffAssignment; mayChange: boolean; queryKey: readonly unknown[] }) {
  const [editing, setEditing] = useState(false);
  const client = useQueryClient();
  const [draft, setDraft] = useState<AssignmentDraft>({ schoolId: String(a.schoolId), role: a.role, title: a.title ?? '', fte: a.fte, startDate: a.startDate, endDate: a.endDate ?? '' });
  const save = useMutation({
    mutationFn: () => apiRequest<StaffMember>(`/api/people/staff/${staffId}/assignments/${a.id}`, { method: 'PUT', headers: { 'if-match': `"${a.version}"` }, body: assignmentBody(draft) }),
    onSuccess: async () => {
      setEditing(false);
      await client.invalidateQueries({ queryKey });
    },
  });
  const ended = a.endDate !== null && a.endDate <= todayIso();
  return (
    <>
      <tr className={ended ? 'muted' : undefined}>
        <th scope="row">{a.schoolName}</th>
        <td>
          {assignmentName(a.role)}
          {a.title ? `: ${a.title}` : ''}
        </td>
        <td>{a.schoolYear}</td>
        <td>{a.fte}</td>
        <td>
          {formatDay(a.startDate)} – {a.endDate ? formatDay(a.endDate) : 'open'}
        </td>
        {mayChange ? (
          <td>
            <button type="button" className="secondary" aria-expanded={editing} aria-label={`Change the assignment at ${a.schoolName}`} onClick={() => setEditing(!editing)}>
              Change
            </button>
          </td>
        ) : null}
      </tr>
      {editing ? (
        <tr>
          <td colSpan={6}>
            <PanelForm title={`Change the assignment at ${a.schoolName}`} onSubmit={() => save.mutate()}>
              {save.error ? <ErrorNotice error={save.error} /> : null}
              <AssignmentFields draft={draft} onChange={setDraft} errors={fieldErrorsOf(save.error)} />
              <div className="actions">
                <button type="submit" className="primary" disabled={save.isPending}>
                  Save
                </button>
              </div>
            </PanelForm>
          </td>
        </tr>
      ) : null}
    </>
  );
}

function AddAssignment({ staffId, queryKey }: { staffId: number; queryKey: readonly unknown[] }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<AssignmentDraft>(emptyAssignment(null, todayIso()));
  const add = useMutation({
    mutationFn: () => apiRequest<StaffMember>(`/api/people/staff/${staffId}/assignments`, { method: 'POST', body: assignmentBody(draft) }),
    onSuccess: async () => {
      setOpen(false);
      await client.invalidateQueries({ queryKey });
    },
  });
  if (!open) {
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        Add an assignment
      </button>
    );
  }
  return (
    <PanelForm title="Add an assignment" onSubmit={() => add.mutate()}>
      {add.error ? <ErrorNotice error={add.error} /> : null}
      <AssignmentFields draft={draft} onChange={setDraft} errors={fieldErrorsOf(add.error)} />
      <FormActions submit="Add" pending={add.isPending} onCancel={() => setOpen(false)} />
    </PanelForm>
  );
}
