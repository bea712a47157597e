import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiProblem, apiSend } from '../api/client.ts';
import type { DuplicateCandidate, EnrollmentChange, RegisteredStudent } from '../api/types.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { emptyPlace, Field, fieldErrorsOf, officeSchools, PanelForm, PlaceFields, placeBody, type Place } from '../components/EnrollmentForms.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { formatDay } from '../format.ts';
import { useSession } from '../session.ts';

interface Child {
  firstName: string;
  middleName: string;
  lastName: string;
  birthDate: string;
  gender: string;
  stateId: string;
}

/**
 * A school office registers a child new to the district and enrolls them. Before a second record
 * of the same child is made, the server answers with the records that may be them (the same
 * state student id, or the same name and birth date): the office enrolls that record instead, or
 * says that none of them is this child.
 */
export function NewStudentPage() {
  usePageTitle('New student');
  const ids = useId();
  const navigate = useNavigate();
  const session = useSession();
  const schools = officeSchools(session.data?.user.roles ?? []);
  const [child, setChild] = useState<Child>({ firstName: '', middleName: '', lastName: '', birthDate: '', gender: '', stateId: '' });
  const [place, setPlace] = useState<Place>(emptyPlace());
  const [ruledOut, setRuledOut] = useState<number[]>([]);
  const set = (field: keyof Child) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setChild({ ...child, [field]: e.target.value });
  const register = useMutation({
    mutationFn: () =>
      apiSend<RegisteredStudent>('POST', '/api/students', {
        firstName: child.firstName.trim(),
        ...(child.middleName.trim() ? { middleName: child.middleName.trim() } : {}),
        lastName: child.lastName.trim(),
        birthDate: child.birthDate,
        gender: child.gender,
        ...(child.stateId.trim() ? { stateId: child.stateId.trim() } : {}),
        ...placeBody(place),
        notDuplicateOf: ruledOut,
      }),
    onSuccess: (registered) => void navigate(`/students/${registered.student.id}`),
  });
  const enrollExisting = useMutation({
    mutationFn: (candidate: DuplicateCandidate) => apiSend<EnrollmentChange>('POST', `/api/students/${candidate.id}/enrollments`, placeBody(place)).then(() => candidate),
    onSuccess: (candidate) => void navigate(`/students/${candidate.id}`),
  });
  const problem = register.error instanceof ApiProblem ? register.error.problem : null;
  const candidates = problem && (problem.code === 'possible-duplicate' || problem.code === 'state-id-taken') ? (problem.candidates as DuplicateCandidate[]) : [];
  const errors = fieldErrorsOf(register.error);
  const mayRuleOut = problem?.code === 'possible-duplicate';
  const serves = (schoolId: number | null) => schools === 'all' || (schoolId !== null && schools.includes(schoolId));

  return (
    <>
      <h1>New student</h1>
      <p className="lead">
        Register a child who is new to the district and enroll them. A child who was enrolled before keeps their record: <Link to="/students">find them</Link> and re-enroll them from their profile.
      </p>
      <PanelForm title="The child" heading="h2" onSubmit={() => register.mutate()}>
        {register.error && candidates.length === 0 ? <ErrorNotice error={register.error} /> : null}
        <Field id={`${ids}-first`} label="First name" error={errors.firstName}>
          {(d) => <input id={`${ids}-first`} required maxLength={60} autoComplete="off" value={child.firstName} onChange={set('firstName')} {...d} />}
        </Field>
        <Field id={`${ids}-middle`} label="Middle name (optional)" error={errors.middleName}>
          {(d) => <input id={`${ids}-middle`} maxLength={60} autoComplete="off" value={child.middleName} onChange={set('middleName')} {...d} />}
        </Field>
        <Field id={`${ids}-last`} label="Last name" error={errors.lastName}>
          {(d) => <input id={`${ids}-last`} required maxLength={60} autoComplete="off" value={child.lastName} onChange={set('lastName')} {...d} />}
        </Field>
        <Field id={`${ids}-birth`} label="Birth date" error={errors.birthDate}>
          {(d) => <input id={`${ids}-birth`} type="date" required value={child.birthDate} onChange={set('birthDate')} {...d} />}
        </Field>
        <Field id={`${ids}-gender`} label="Gender" error={errors.gender}>
          {(d) => (
            <select id={`${ids}-gender`} required value={child.gender} onChange={set('gender')} {...d}>
              <option value="">Choose</option>
              <option value="F">Female</option>
              <option value="M">Male</option>
              <option value="X">Nonbinary (X)</option>
            </select>
          )}
        </Field>
        <Field id={`${ids}-ssid`} label="State student ID (optional)" error={errors.stateId} hint="10 digits, if the child has been enrolled in a California public school before.">
          {(d) => <input id={`${ids}-ssid`} inputMode="numeric" maxLength={10} autoComplete="off" value={child.stateId} onChange={set('stateId')} {...d} />}
        </Field>
        <h2>Enrollment</h2>
        <PlaceFields place={place} onChange={setPlace} errors={errors} schoolIds={schools} />

        {candidates.length > 0 ? (
          <section className="notice notice-error" role="alert" aria-labelledby={`${ids}-dup`}>
            <h3 id={`${ids}-dup`}>{problem!.title}</h3>
            <p>{problem?.code === 'state-id-taken' ? 'The state student ID belongs to the record below. Enroll that record instead of registering the child again.' : 'These records have the same name and birth date. If one is this child, enroll that record.'}</p>
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Records that may be this child</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Birth date</th>
                    <th scope="col">Student ID</th>
                    <th scope="col">School</th>
                    <th scope="col">Action</th>
                  </tr>
                </thead>
                <tbody>
                  {candidates.map((c) => (
                    <tr key={c.id}>
                      <th scope="row">
                        {c.name.last}, {c.name.first}
                      </th>
                      <td>{formatDay(c.birthDate)}</td>
                      <td>{c.localId}</td>
                      <td>{c.school ? `${c.school}${c.enrolledNow ? ' (enrolled now)' : ' (left)'}` : '—'}</td>
                      <td>
                        {!serves(c.schoolId) ? (
                          // Another school's student: theirs to transfer, or the district office's to re-enroll.
                          c.enrolledNow ? `${c.school} transfers this student to your school.` : 'The district office re-enrolls this student.'
                        ) : c.enrolledNow ? (
                          <Link to={`/students/${c.id}`}>Open the record of {c.name.first} {c.name.last}</Link>
                        ) : (
                          <button type="button" className="secondary" disabled={enrollExisting.isPending} onClick={() => enrollExisting.mutate(c)}>
                            Enroll {c.name.first} {c.name.last} ({c.localId}) instead
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {enrollExisting.error ? <ErrorNotice error={enrollExisting.error} /> : null}
            {mayRuleOut ? (
              <div className="checkbox">
                <input
                  id={`${ids}-none`}
                  type="checkbox"
                  checked={candidates.every((c) => ruledOut.includes(c.id))}
                  onChange={(e) => setRuledOut(e.target.checked ? candidates.map((c) => c.id) : [])}
                />
                <label htmlFor={`${ids}-none`}>None of these is this child: register a new student</label>
              </div>
            ) : null}
          </section>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={register.isPending}>
            {register.isPending ? 'Registering…' : 'Register and enroll'}
          </button>
          <Link to="/students">Cancel</Link>
        </div>
      </PanelForm>
    </>
  );
}
