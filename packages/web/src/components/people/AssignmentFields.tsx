import { useId } from 'react';
import { Field } from '../EnrollmentForms.tsx';
import { useSchools } from '../StudentSearch.tsx';

/** What a staff member is assigned as, in the staff list's words. */
export const ASSIGNMENT_NAMES: Array<[string, string]> = [
  ['teacher', 'Teacher'],
  ['counselor', 'Counselor'],
  ['principal', 'Principal'],
  ['assistant-principal', 'Assistant principal'],
  ['attendance-clerk', 'Attendance clerk'],
  ['office', 'Office staff'],
  ['help-desk', 'Help desk'],
];

export interface AssignmentDraft {
  schoolId: string;
  role: string;
  title: string;
  fte: string;
  startDate: string;
  endDate: string;
}

export const emptyAssignment = (schoolId: number | null, startDate: string): AssignmentDraft => ({ schoolId: schoolId === null ? '' : String(schoolId), role: 'teacher', title: '', fte: '1', startDate, endDate: '' });

export const assignmentBody = (a: AssignmentDraft) => ({ schoolId: Number(a.schoolId), role: a.role, title: a.title.trim() || null, fte: a.fte.trim(), startDate: a.startDate, endDate: a.endDate || null });

/** A choice of the district's schools, by name. */
export function SchoolSelect({ id, value, onChange, described }: { id: string; value: string; onChange: (e: React.ChangeEvent<HTMLSelectElement>) => void; described: object }) {
  const schools = useSchools();
  return (
    <select id={id} required value={value} onChange={onChange} {...described}>
      <option value="">Choose a school</option>
      {(schools.data?.items ?? []).map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </select>
  );
}

/** The fields of an assignment: school, post, title, FTE and dates; refusals under each, named as the server names them. */
export function AssignmentFields({ draft, onChange, errors, prefix = '' }: { draft: AssignmentDraft; onChange: (next: AssignmentDraft) => void; errors: Record<string, string>; prefix?: string }) {
  const ids = useId();
  const set = (field: keyof AssignmentDraft) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => onChange({ ...draft, [field]: e.target.value });
  const error = (field: string) => errors[`${prefix}${field}`];
  return (
    <>
      <Field id={`${ids}-school`} label="School" error={error('schoolId')}>
        {(d) => <SchoolSelect id={`${ids}-school`} value={draft.schoolId} onChange={set('schoolId')} described={d} />}
      </Field>
      <Field id={`${ids}-role`} label="Assignment" error={error('role')}>
        {(d) => (
          <select id={`${ids}-role`} value={draft.role} onChange={set('role')} {...d}>
            {ASSIGNMENT_NAMES.map(([role, name]) => (
              <option key={role} value={role}>
                {name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${ids}-title`} label="Title (optional)" error={error('title')} hint="For example: Grade 3 teacher, Mathematics department chair.">
        {(d) => <input id={`${ids}-title`} value={draft.title} maxLength={100} onChange={set('title')} {...d} />}
      </Field>
      <Field id={`${ids}-fte`} label="FTE (share of full time)" error={error('fte')} hint="1 for full time, 0.5 for half time.">
        {(d) => <input id={`${ids}-fte`} inputMode="decimal" value={draft.fte} onChange={set('fte')} {...d} />}
      </Field>
      <Field id={`${ids}-start`} label="First day" error={error('startDate')}>
        {(d) => <input id={`${ids}-start`} type="date" required value={draft.startDate} onChange={set('startDate')} {...d} />}
      </Field>
      <Field id={`${ids}-end`} label="First day no longer on it (optional)" error={error('endDate')}>
        {(d) => <input id={`${ids}-end`} type="date" value={draft.endDate} onChange={set('endDate')} {...d} />}
      </Field>
    </>
  );
}
