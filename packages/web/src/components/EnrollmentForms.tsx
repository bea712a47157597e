import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ApiProblem, apiGet, apiRequest } from '../api/client.ts';
import type { EnrollmentChange, ExitCodes, StudentProfile } from '../api/types.ts';
import { formatDay, GRADES, gradeLabel, todayIso } from '../format.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { useSchools } from './StudentSearch.tsx';

/** The refused fields of a problem, by the name the form uses (the server says body.date). */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiProblem)) return {};
  return Object.fromEntries((error.problem.errors ?? []).map((e) => [e.field.replace(/^body\./, ''), e.message]));
}

/** A labelled field whose refusal is written under it and read with it (aria-describedby). */
export function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: string; children: (described: { 'aria-invalid'?: true; 'aria-describedby'?: string }) => React.ReactNode }) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <>
      <label htmlFor={id}>{label}</label>
      {children({ ...(error ? { 'aria-invalid': true as const } : {}), ...(describedBy ? { 'aria-describedby': describedBy } : {}) })}
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {label}: {error}
        </p>
      ) : null}
    </>
  );
}

export interface Place {
  schoolId: string;
  gradeLevel: string;
  date: string;
}

export const emptyPlace = (): Place => ({ schoolId: '', gradeLevel: '', date: todayIso() });
export const placeBody = (place: Place) => ({ schoolId: Number(place.schoolId), gradeLevel: Number(place.gradeLevel), date: place.date });

/**
 * School, grade and first day: what every enrollment names. The schools are the ones the person's
 * office serves, or all the district's for a transfer (the receiving school need not be theirs).
 */
export function PlaceFields({ place, onChange, errors, schoolIds, dateLabel = 'First day', exceptSchool }: { place: Place; onChange: (place: Place) => void; errors: Record<string, string>; schoolIds: 'all' | number[]; dateLabel?: string; exceptSchool?: number }) {
  const ids = useId();
  const schools = useSchools();
  const choices = (schools.data?.items ?? []).filter((s) => (schoolIds === 'all' || schoolIds.includes(s.id)) && s.id !== exceptSchool);
  const school = choices.find((s) => String(s.id) === place.schoolId);
  const grades = GRADES.filter((g) => !school || ((school.grades.low ?? -1) <= g && g <= (school.grades.high ?? 12)));
  return (
    <>
      <Field id={`${ids}-school`} label="School" error={errors.schoolId}>
        {(described) => (
          <select id={`${ids}-school`} required value={place.schoolId} onChange={(e) => onChange({ ...place, schoolId: e.target.value })} {...described}>
            <option value="">Choose a school</option>
            {choices.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${ids}-grade`} label="Grade" error={errors.gradeLevel}>
        {(described) => (
          <select id={`${ids}-grade`} required value={place.gradeLevel} onChange={(e) => onChange({ ...place, gradeLevel: e.target.value })} {...described}>
            <option value="">Choose a grade</option>
            {grades.map((g) => (
              <option key={g} value={g}>
                {gradeLabel(g)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${ids}-date`} label={dateLabel} error={errors.date}>
        {(described) => <input id={`${ids}-date`} type="date" required value={place.date} onChange={(e) => onChange({ ...place, date: e.target.value })} {...described} />}
      </Field>
    </>
  );
}

/** The schools whose students the person's office enrolls: 'all' for a district-wide grant. */
export function officeSchools(roles: Array<{ role: string; schoolId: number | null }>): 'all' | number[] {
  const office = roles.filter((g) => g.role === 'district-admin' || g.role === 'school-admin' || g.role === 'attendance-clerk');
  if (office.some((g) => g.schoolId === null)) return 'all';
  return office.map((g) => g.schoolId!);
}

type Enrollment = StudentProfile['enrollments'][number];
type Action = 'withdraw' | 'transfer' | 'enroll';

/**
 * The school office's enrollment work on a student's profile: withdraw or transfer the current
 * enrollment, or enroll a student who is enrolled nowhere. Each form says what will happen before
 * it is saved; a withdrawal and a transfer carry the enrollment's version (If-Match).
 */
export function EnrollmentActions({ student, schools, onDone }: { student: StudentProfile; schools: 'all' | number[]; onDone: (message: string) => void }) {
  const [open, setOpen] = useState<Action | null>(null);
  const current = student.enrollments.find((e) => e.exited === null) ?? null;
  const done = (message: string) => {
    setOpen(null);
    onDone(message);
  };
  if (open === 'withdraw' && current) return <WithdrawForm student={student} enrollment={current} onDone={done} />;
  if (open === 'transfer' && current) return <TransferForm student={student} enrollment={current} onDone={done} />;
  if (open === 'enroll') return <EnrollForm student={student} schools={schools} onDone={done} />;
  return (
    <div className="actions">
      {current ? (
        <>
          <button type="button" className="secondary" onClick={() => setOpen('withdraw')}>
            Withdraw from {current.school.name}
          </button>
          <button type="button" className="secondary" onClick={() => setOpen('transfer')}>
            Transfer to another school
          </button>
        </>
      ) : (
        <button type="button" className="secondary" onClick={() => setOpen('enroll')}>
          Re-enroll
        </button>
      )}
    </div>
  );
}

function useEnrollmentChange(student: StudentProfile, path: string, ifMatch: number | null, onDone: (change: EnrollmentChange) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: object) => apiRequest<EnrollmentChange>(`/api/students/${student.id}/enrollments${path}`, { method: 'POST', body, headers: ifMatch === null ? {} : { 'if-match': `"${ifMatch}"` } }),
    onSuccess: async ({ data }) => {
      await client.invalidateQueries({ queryKey: ['student', student.id] });
      onDone(data);
    },
  });
}

/**
 * A form in a panel, named by its heading; the server checks every field (noValidate), so a
 * refusal is always the server's, named under the field it concerns.
 */
export function PanelForm({ title, heading = 'h3', onSubmit, children }: { title: string; heading?: 'h2' | 'h3'; onSubmit: () => void; children: React.ReactNode }) {
  const ids = useId();
  const Heading = heading;
  return (
    <form
      className="panel editor"
      aria-labelledby={`${ids}-title`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <Heading id={`${ids}-title`}>{title}</Heading>
      {children}
    </form>
  );
}

const sectionsEnded = (n: number) => (n === 0 ? '' : n === 1 ? ' Their place in 1 class there ended the same day.' : ` Their places in ${n} classes there ended the same day.`);

/** A form with its refusal on top (and, when someone else saved first, a way to reload) and its save and cancel buttons. */
export function FormShell({ title, error, onReload, children, onSubmit, pending, submit, onCancel }: { title: string; error: unknown; onReload: () => void; children: React.ReactNode; onSubmit: () => void; pending: boolean; submit: string; onCancel: () => void }) {
  const stale = error instanceof ApiProblem && error.status === 412;
  return (
    <PanelForm title={title} onSubmit={onSubmit}>
      {error ? (
        <ErrorNotice error={error}>
          {stale ? (
            <button type="button" onClick={onReload}>
              Reload the student
            </button>
          ) : null}
        </ErrorNotice>
      ) : null}
      {children}
      <div className="actions">
        <button type="submit" className="primary" disabled={pending}>
          {pending ? 'Saving…' : submit}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </PanelForm>
  );
}

export function ReasonField({ reason, onChange, error }: { reason: string; onChange: (reason: string) => void; error?: string }) {
  const ids = useId();
  return (
    <Field id={`${ids}-reason`} label="Note (optional)" error={error} hint="Kept with the change in the record's history.">
      {(described) => <input id={`${ids}-reason`} maxLength={500} value={reason} onChange={(e) => onChange(e.target.value)} {...described} />}
    </Field>
  );
}

export const withReason = (reason: string) => (reason.trim().length >= 3 ? { reason: reason.trim() } : {});

function WithdrawForm({ student, enrollment, onDone }: { student: StudentProfile; enrollment: Enrollment; onDone: (message: string) => void }) {
  const ids = useId();
  const client = useQueryClient();
  const codes = useQuery({ queryKey: ['exit-codes'], queryFn: ({ signal }) => apiGet<ExitCodes>('/api/enrollment/exit-codes', signal), staleTime: Infinity });
  const [date, setDate] = useState(todayIso());
  const [exitCode, setExitCode] = useState('');
  const [reason, setReason] = useState('');
  const save = useEnrollmentChange(student, `/${enrollment.id}/withdrawal`, enrollment.version ?? 1, (change) =>
    onDone(`Withdrawn from ${enrollment.school.name} on ${formatDay(date)} (${exitCode}).${sectionsEnded(change.sectionsEnded)}`),
  );
  const errors = fieldErrorsOf(save.error);
  return (
    <FormShell
      title={`Withdraw from ${enrollment.school.name}`}
      error={save.error}
      onReload={() => void client.invalidateQueries({ queryKey: ['student', student.id] }).then(() => onDone(''))}
      onSubmit={() => save.mutate({ date, exitCode, ...withReason(reason) })}
      pending={save.isPending}
      submit="Withdraw"
      onCancel={() => onDone('')}
    >
      <Field id={`${ids}-date`} label="Withdrawal date" error={errors.date} hint="The first day the student is no longer enrolled.">
        {(described) => <input id={`${ids}-date`} type="date" required value={date} onChange={(e) => setDate(e.target.value)} {...described} />}
      </Field>
      <Field id={`${ids}-code`} label="Exit code" error={errors.exitCode}>
        {(described) => (
          <select id={`${ids}-code`} required value={exitCode} onChange={(e) => setExitCode(e.target.value)} {...described}>
            <option value="">Choose the state exit code</option>
            {(codes.data?.items ?? []).map((c) => (
              <option key={c.code} value={c.code}>
                {c.code}: {c.description}
              </option>
            ))}
          </select>
        )}
      </Field>
      <ReasonField reason={reason} onChange={setReason} error={errors.reason} />
    </FormShell>
  );
}

function TransferForm({ student, enrollment, onDone }: { student: StudentProfile; enrollment: Enrollment; onDone: (message: string) => void }) {
  const client = useQueryClient();
  const [place, setPlace] = useState<Place>({ ...emptyPlace(), gradeLevel: enrollment.grade === null ? '' : String(enrollment.grade) });
  const [reason, setReason] = useState('');
  const save = useEnrollmentChange(student, `/${enrollment.id}/transfer`, enrollment.version ?? 1, (change) =>
    onDone(`Transferred from ${enrollment.school.name} on ${formatDay(place.date)}.${sectionsEnded(change.sectionsEnded)}`),
  );
  return (
    <FormShell
      title={`Transfer from ${enrollment.school.name}`}
      error={save.error}
      onReload={() => void client.invalidateQueries({ queryKey: ['student', student.id] }).then(() => onDone(''))}
      onSubmit={() => save.mutate({ ...placeBody(place), ...withReason(reason) })}
      pending={save.isPending}
      submit="Transfer"
      onCancel={() => onDone('')}
    >
      <p className="hint">The enrollment at {enrollment.school.name} and the student's classes there end on the transfer date; attendance already taken stays there.</p>
      <PlaceFields place={place} onChange={setPlace} errors={fieldErrorsOf(save.error)} schoolIds="all" exceptSchool={enrollment.school.id} dateLabel="Transfer date" />
      <ReasonField reason={reason} onChange={setReason} error={fieldErrorsOf(save.error).reason} />
    </FormShell>
  );
}

function EnrollForm({ student, schools, onDone }: { student: StudentProfile; schools: 'all' | number[]; onDone: (message: string) => void }) {
  const client = useQueryClient();
  const [place, setPlace] = useState<Place>(emptyPlace());
  const [reason, setReason] = useState('');
  const save = useEnrollmentChange(student, '', null, () => onDone(`Enrolled from ${formatDay(place.date)}.`));
  return (
    <FormShell
      title="Re-enroll"
      error={save.error}
      onReload={() => void client.invalidateQueries({ queryKey: ['student', student.id] }).then(() => onDone(''))}
      onSubmit={() => save.mutate({ ...placeBody(place), ...withReason(reason) })}
      pending={save.isPending}
      submit="Enroll"
      onCancel={() => onDone('')}
    >
      <PlaceFields place={place} onChange={setPlace} errors={fieldErrorsOf(save.error)} schoolIds={schools} />
      <ReasonField reason={reason} onChange={setReason} error={fieldErrorsOf(save.error).reason} />
    </FormShell>
  );
}
