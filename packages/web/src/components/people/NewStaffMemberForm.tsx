import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { apiSend } from '../../api/client.ts';
import type { StaffMember } from '../../api/types.ts';
import { todayIso } from '../../format.ts';
import { ErrorNotice } from '../ErrorNotice.tsx';
import { Field, fieldErrorsOf, PanelForm } from '../EnrollmentForms.tsx';
import { AssignmentFields, assignmentBody, emptyAssignment, type AssignmentDraft } from './AssignmentFields.tsx';

/** A new staff member on the staff list with their first assignment; the account is the next step, on their page. */
export function NewStaffMemberForm({ schoolId, onDone, onCancel }: { schoolId: number | null; onDone: (message: string) => void; onCancel: () => void }) {
  const ids = useId();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [names, setNames] = useState({ firstName: '', lastName: '', employeeId: '', email: '' });
  const [assignment, setAssignment] = useState<AssignmentDraft>(emptyAssignment(schoolId, todayIso()));
  const create = useMutation({
    mutationFn: () =>
      apiSend<StaffMember>('POST', '/api/people/staff', {
        firstName: names.firstName.trim(),
        lastName: names.lastName.trim(),
        employeeId: names.employeeId.trim(),
        email: names.email.trim() || null,
        assignment: assignmentBody(assignment),
      }),
    onSuccess: async (staff) => {
      await client.invalidateQueries({ queryKey: ['people'] });
      onDone(`${staff.firstName} ${staff.lastName} is on the staff list.`);
      void navigate(`/people/staff/${staff.id}`);
    },
  });
  const errors = fieldErrorsOf(create.error);
  const text = (field: keyof typeof names, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <Field id={`${ids}-${field}`} label={label} error={errors[field]}>
      {(d) => <input id={`${ids}-${field}`} autoComplete="off" value={names[field]} onChange={(e) => setNames({ ...names, [field]: e.target.value })} {...props} {...d} />}
    </Field>
  );
  return (
    <PanelForm title="New staff member" heading="h2" onSubmit={() => create.mutate()}>
      {create.error ? <ErrorNotice error={create.error} /> : null}
      {text('firstName', 'First name', { required: true, maxLength: 60 })}
      {text('lastName', 'Last name', { required: true, maxLength: 60 })}
      {text('employeeId', 'Employee number', { required: true, maxLength: 20 })}
      {text('email', 'Email (optional)', { type: 'email', maxLength: 200 })}
      <AssignmentFields draft={assignment} onChange={setAssignment} errors={errors} prefix="assignment." />
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? 'Adding…' : 'Add to the staff'}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </PanelForm>
  );
}
