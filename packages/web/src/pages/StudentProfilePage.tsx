import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiProblem, apiGet } from '../api/client.ts';
import type { StudentProfile as Profile } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { StudentEditor } from '../components/StudentEditor.tsx';
import { EnrollmentActions, officeSchools } from '../components/EnrollmentForms.tsx';
import { StudentAttendance } from '../components/StudentAttendance.tsx';
import { FamilyAccountsPanel } from '../components/student-records/FamilyAccountsPanel.tsx';
import { StudentRecords } from '../components/StudentRecords.tsx';
import { FamilyPanel, GuardianFacts } from '../components/student-records/FamilyPanel.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { formatDay, gradeLabel, studentName, todayIso, yesNo } from '../format.ts';
import { hasRole, useSession } from '../session.ts';

export function StudentProfilePage() {
  const { studentId } = useParams();
  const id = Number(studentId);
  if (!Number.isInteger(id) || id <= 0) {
    return (
      <>
        <h1>Student not found</h1>
        <p>
          This address does not name a student. <Link to="/students">Find a student</Link>.
        </p>
      </>
    );
  }
  return <StudentProfile key={id} studentId={id} />;
}

/** Shown to the roles that may see them; the server leaves them out for everyone else. */
const PROTECTED_PROGRAMS: Array<[keyof Profile['programs'], string]> = [
  ['specialEducation', 'Special education (IEP)'],
  ['section504', 'Section 504 plan'],
  ['foster', 'Foster youth'],
  ['homeless', 'Experiencing homelessness'],
  ['lowIncome', 'Low income'],
];

function englishLearner(value: Profile['programs']['englishLearner']): string {
  if (value === null || value === undefined) return 'Not recorded';
  if (typeof value === 'boolean') return yesNo(value);
  const names: Record<string, string> = { EO: 'English only', IFEP: 'Initially fluent (IFEP)', EL: 'English learner', RFEP: 'Reclassified fluent (RFEP)', TBD: 'To be determined' };
  return names[value] ?? value;
}

export function StudentProfile({ studentId, own = false }: { studentId: number; own?: boolean }) {
  const [params, setParams] = useSearchParams();
  const session = useSession();
  const scheduleDate = params.get('on') ?? '';
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState('');
  const profile = useQuery({
    queryKey: ['student', studentId, scheduleDate],
    queryFn: ({ signal }) => apiGet<Profile>(`/api/students/${studentId}${scheduleDate ? `?scheduleDate=${encodeURIComponent(scheduleDate)}` : ''}`, signal),
    placeholderData: (previous) => (previous?.id === studentId ? previous : undefined),
  });
  const student = profile.data;
  usePageTitle(student ? studentName(student.name) : 'Student');
  if (profile.isPending) return <Loading what="the student's record" />;
  if (profile.error && !student) {
    return (
      <>
        <h1>Student record</h1>
        <ErrorNotice error={profile.error} onRetry={() => void profile.refetch()}>
          {own ? null : (
            <p>
              <Link to="/students">Back to student search</Link>
            </p>
          )}
        </ErrorNotice>
      </>
    );
  }
  if (!student) return null;
  // A school office that has just withdrawn or transferred the student no longer serves them: the
  // record stays with the district, and the page says so instead of "not found".
  if (saved && profile.error instanceof ApiProblem && profile.error.status === 404) {
    return (
      <>
        <h1>{studentName(student.name)}</h1>
        <p className="notice notice-ok" role="status">
          {saved}
        </p>
        <p>
          {student.name.first} is no longer a student your office serves; the record stays with the district. <Link to="/students">Back to student search</Link>
        </p>
      </>
    );
  }
  const current = student.enrollments.find((e) => e.exited === null) ?? null;
  const isTeacher = session.data ? hasRole(session.data.user, 'teacher') && !session.data.user.viewedBy : false;
  const mayReadRecords = own || (session.data ? hasRole(session.data.user, 'district-admin', 'school-admin', 'counselor', 'teacher', 'student', 'guardian') : false);
  const mayCorrectAttendance = session.data ? hasRole(session.data.user, 'district-admin', 'school-admin', 'attendance-clerk') && !session.data.user.viewedBy && !own : false;
  const mayEdit = session.data ? hasRole(session.data.user, 'district-admin', 'school-admin', 'counselor') && !session.data.user.viewedBy && !own : false;
  // Staff read the family with its rights and contacts (and the office changes it); a student or a guardian sees the profile's list.
  const mayReadFamily = !own && (session.data ? hasRole(session.data.user, 'district-admin', 'school-admin', 'attendance-clerk', 'counselor', 'teacher') : false);
  const mayEnroll = session.data ? hasRole(session.data.user, 'district-admin', 'school-admin', 'attendance-clerk') && !session.data.user.viewedBy && !own : false;
  const programs = student.programs;
  const shownProtected = PROTECTED_PROGRAMS.filter(([key]) => key in programs);

  return (
    <article className="profile" aria-labelledby="student-name">
      <header className="profile-header">
        <h1 id="student-name">{studentName(student.name)}</h1>
        <p className="profile-summary">
          <span>Student ID {student.localId}</span>
          {current ? (
            <>
              <span>Grade {gradeLabel(current.grade)}</span>
              <span>{current.school.name}</span>
            </>
          ) : (
            <span>Not enrolled now</span>
          )}
          {student.directoryOptOut ? <span className="flag">Directory opt-out: do not share directory information</span> : null}
        </p>
        {mayEdit && !editing ? (
          <button type="button" className="secondary" onClick={() => setEditing(true)}>
            Change preferred name, language or directory opt-out
          </button>
        ) : null}
        {saved && !editing ? (
          <p className="notice notice-ok" role="status">
            {saved}
          </p>
        ) : null}
        {editing ? (
          <StudentEditor
            student={student}
            onDone={(message) => {
              setEditing(false);
              setSaved(message);
            }}
          />
        ) : null}
      </header>

      <div className="profile-grid">
        <section aria-labelledby="demographics">
          <h2 id="demographics">About</h2>
          <dl className="facts">
            <dt>Legal name</dt>
            <dd>{[student.name.first, student.name.middle, student.name.last].filter(Boolean).join(' ')}</dd>
            <dt>Preferred name</dt>
            <dd>{student.name.preferred || '—'}</dd>
            <dt>State ID</dt>
            <dd>{student.stateId ?? '—'}</dd>
            <dt>Birth date</dt>
            <dd>{formatDay(student.birthDate)}</dd>
            <dt>Gender</dt>
            <dd>{student.gender ?? '—'}</dd>
            <dt>Home language</dt>
            <dd>{student.homeLanguage ?? '—'}</dd>
            <dt>Graduating class</dt>
            <dd>{student.cohort ?? '—'}</dd>
          </dl>
        </section>

        <section aria-labelledby="programs">
          <h2 id="programs">Programs</h2>
          <dl className="facts">
            <dt>English learner status</dt>
            <dd>{englishLearner(programs.englishLearner)}</dd>
            <dt>Gifted (GATE)</dt>
            <dd>{yesNo(programs.gifted)}</dd>
            {shownProtected.map(([key, label]) => (
              <Fragment key={key}>
                <dt className="protected">{label}</dt>
                <dd className="protected">{yesNo(programs[key] as boolean | null)}</dd>
              </Fragment>
            ))}
          </dl>
          {shownProtected.length > 0 ? <p className="hint">Protected information: shown to you because of your role. Do not share it.</p> : null}
        </section>
      </div>

      <section aria-labelledby="schedule">
        <h2 id="schedule">Schedule</h2>
        <div className="schedule-date">
          <label htmlFor="schedule-on">Schedule on date</label>
          <input
            id="schedule-on"
            type="date"
            value={scheduleDate}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.target.value) next.set('on', e.target.value);
              else next.delete('on');
              setParams(next, { replace: true });
            }}
          />
          {scheduleDate ? (
            <button type="button" className="secondary" onClick={() => setParams({}, { replace: true })}>
              Show today
            </button>
          ) : null}
          <span role="status" className="hint">
            {profile.isFetching ? 'Loading the schedule…' : `Showing ${scheduleDate ? formatDay(scheduleDate) : `today, ${formatDay(todayIso())}`}.`}
          </span>
        </div>
        {profile.error ? <ErrorNotice error={profile.error} onRetry={() => void profile.refetch()} /> : null}
        {student.schedule.sections.length === 0 ? (
          <p>No classes on this date.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Classes on {scheduleDate ? formatDay(scheduleDate) : 'today'}</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Course</th>
                  <th scope="col">Section</th>
                  <th scope="col">Teacher</th>
                  <th scope="col">Room</th>
                  <th scope="col">Since</th>
                  {isTeacher ? <th scope="col">Attendance</th> : null}
                </tr>
              </thead>
              <tbody>
                {[...student.schedule.sections].sort((a, b) => (a.slots[0] ?? '').localeCompare(b.slots[0] ?? '', undefined, { numeric: true })).map((s) => (
                  <tr key={s.sectionId}>
                    <td>{s.slots.join(', ') || '—'}</td>
                    <th scope="row">
                      {s.course.title} <span className="muted">{s.course.code}</span>
                    </th>
                    <td>{s.section}</td>
                    <td>{s.teachers ?? '—'}</td>
                    <td>{s.room ?? '—'}</td>
                    <td>{formatDay(s.since)}</td>
                    {isTeacher ? (
                      <td>
                        <Link to={`/sections/${s.sectionId}/attendance`}>Take attendance for {s.section}</Link>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="enrollment">
        <h2 id="enrollment">Enrollment history</h2>
        {mayEnroll ? <EnrollmentActions student={student} schools={officeSchools(session.data?.user.roles ?? [])} onDone={setSaved} /> : null}
        {student.enrollments.length === 0 ? (
          <p>No enrollments recorded.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Schools attended, most recent first</caption>
              <thead>
                <tr>
                  <th scope="col">School</th>
                  <th scope="col">Year</th>
                  <th scope="col">Grade</th>
                  <th scope="col">Entered</th>
                  <th scope="col">Left</th>
                </tr>
              </thead>
              <tbody>
                {[...student.enrollments]
                  .sort((a, b) => b.entered.date.localeCompare(a.entered.date))
                  .map((e) => (
                    <tr key={`${e.school.id}-${e.entered.date}`}>
                      <th scope="row">{e.school.name}</th>
                      <td>{e.schoolYear}</td>
                      <td>{gradeLabel(e.grade)}</td>
                      <td>
                        {formatDay(e.entered.date)} {e.entered.code ? <span className="muted">({e.entered.code})</span> : null}
                      </td>
                      <td>{e.exited ? <>{formatDay(e.exited.date)} {e.exited.code ? <span className="muted">({e.exited.code})</span> : null}</> : 'Still enrolled'}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <StudentAttendance student={student} mayCorrect={mayCorrectAttendance} />
      {mayEnroll ? <FamilyAccountsPanel studentId={student.id} /> : null}

      {mayReadFamily ? <FamilyPanel studentId={student.id} /> : own && student.guardians.length === 0 ? null : (
        <section aria-labelledby="guardians">
          <h2 id="guardians">Parents and guardians</h2>
          {student.guardians.length === 0 ? (
            <p>No parents or guardians recorded.</p>
          ) : (
            <ul className="cards">
              {student.guardians.map((g) => (
                <li key={g.id} className={g.accessRestricted ? 'restricted' : undefined}>
                  <p className="card-title">
                    {g.name.first} {g.name.last} {g.relationship ? <span className="muted">({g.relationship})</span> : null}
                  </p>
                  {g.accessRestricted ? <p className="flag">Access restricted (court order or custody): do not release information or the student to this person.</p> : null}
                  <GuardianFacts {...g} emergency={yesNo(g.emergencyContact)} />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {/* The academic record is not the attendance office's to read: the server refuses it to a clerk, so no tab offers it. */}
      {mayReadRecords ? <StudentRecords student={student} mayChange={mayEdit} schoolId={current?.school.id ?? null} /> : null}
    </article>
  );
}
