import type { CreatedStaffAccount } from '../api/types.ts';
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { apiSend } from '../api/client.ts';
import { todayIso } from '../format.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Field, fieldErrorsOf, PanelForm } from './EnrollmentForms.tsx';
import { useSchools } from './StudentSearch.tsx';

const ROLES = [
  ['teacher', 'Teacher'],
  ['counselor', 'Counselor'],
  ['attendance-clerk', 'Attendance clerk (office staff)'],
  ['school-admin', 'School administrator'],
] as const;

interface Draft {
  firstName: string;
  lastName: string;
  employeeId: string;
  email: string;
  username: string;
  password: string;
  role: string;
  schoolId: string;
  startDate: string;
}

/**
 * A district administrator gives a new staff member their account and role at a school. Without a
 * first password the person signs in through the district's single sign-on only.
 */
export function StaffAccountForm({ onDone }: { onDone: (message: string) => void }) {
  const ids = useId();
  const schools = useSchools();
  const empty: Draft = { firstName: '', lastName: '', employeeId: '', email: '', username: '', password: '', role: 'teacher', schoolId: '', startDate: todayIso() };
  const [draft, setDraft] = useState<Draft>(empty);
  const set = (field: keyof Draft) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setDraft({ ...draft, [field]: e.target.value });
  const create = useMutation({
    mutationFn: () =>
      apiSend<CreatedStaffAccount>('POST', '/api/admin/staff-accounts', {
        firstName: draft.firstName.trim(),
        lastName: draft.lastName.trim(),
        employeeId: draft.employeeId.trim(),
        ...(draft.email.trim() ? { email: draft.email.trim() } : {}),
        username: draft.username.trim(),
        ...(draft.password ? { password: draft.password } : {}),
        role: draft.role,
        schoolId: Number(draft.schoolId),
        startDate: draft.startDate,
      }),
    onSuccess: (created) => {
      const school = schools.data?.items.find((s) => s.id === created.schoolId)?.name ?? 'the school';
      setDraft(empty);
      onDone(`${draft.firstName.trim()} ${draft.lastName.trim()} can sign in as ${created.username}, as ${ROLES.find(([r]) => r === created.role)?.[1].toLowerCase() ?? created.role} at ${school}.`);
    },
  });
  const errors = fieldErrorsOf(create.error);
  const input = (field: keyof Draft, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}, hint?: string) => (
    <Field id={`${ids}-${field}`} label={label} error={errors[field]} hint={hint}>
      {(d) => <input id={`${ids}-${field}`} autoComplete="off" value={draft[field]} onChange={set(field)} {...props} {...d} />}
    </Field>
  );
  return (
    <PanelForm title="New staff account" heading="h2" onSubmit={() => create.mutate()}>
      {create.error ? <ErrorNotice error={create.error} /> : null}
      {input('firstName', 'First name', { required: true, maxLength: 60 })}
      {input('lastName', 'Last name', { required: true, maxLength: 60 })}
      {input('employeeId', 'Employee number', { required: true, maxLength: 20 })}
      {input('email', 'Email (optional)', { type: 'email', maxLength: 200 })}
      {input('username', 'Username', { required: true, maxLength: 60 })}
      {input('password', 'First password (optional)', { type: 'password', autoComplete: 'new-password' }, 'Leave empty when the person signs in with the district’s single sign-on. Give it to them in person.')}
      <Field id={`${ids}-role`} label="Role" error={errors.role}>
        {(d) => (
          <select id={`${ids}-role`} value={draft.role} onChange={set('role')} {...d}>
            {ROLES.map(([role, name]) => (
              <option key={role} value={role}>
                {name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${ids}-school`} label="School" error={errors.schoolId}>
        {(d) => (
          <select id={`${ids}-school`} required value={draft.schoolId} onChange={set('schoolId')} {...d}>
            <option value="">Choose a school</option>
            {(schools.data?.items ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {input('startDate', 'First day', { type: 'date', required: true })}
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create the account'}
        </button>
      </div>
    </PanelForm>
  );
}
