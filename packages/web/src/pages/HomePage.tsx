import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { apiGet, apiSend } from '../api/client.ts';
import type { District, SessionUser, StudentPage } from '../api/types.ts';
import { useDistrict } from '../api/use-district.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { HomeFiguresPanel } from '../components/home-figures/HomeFiguresPanel.tsx';
import { StudentResults, StudentSearch, useSchools } from '../components/StudentSearch.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { currentDistrictTimeZone, gradeLabel, roleName, studentName } from '../format.ts';
import { primaryRole, SESSION_KEY, useSession } from '../session.ts';
import { StudentProfile } from './StudentProfilePage.tsx';

/** Each role's home opens on what that role does first in the morning. */
export function HomePage() {
  const session = useSession();
  const user = session.data?.user;
  if (!user) return null;
  switch (primaryRole(user)) {
    case 'teacher':
      return <TeacherHome user={user} />;
    case 'counselor':
      return <CounselorHome user={user} />;
    case 'district-admin':
    case 'school-admin':
      return <AdminHome user={user} />;
    case 'attendance-clerk':
      return <ClerkHome user={user} />;
    case 'help-desk':
      return <HelpDeskHome user={user} />;
    case 'student':
      return <StudentHome user={user} />;
    case 'guardian':
      return <GuardianHome user={user} />;
  }
}

function today(): string {
  return new Date().toLocaleDateString(undefined, { weekday: 'long', month: 'long', day: 'numeric', timeZone: currentDistrictTimeZone() });
}

function useMyStudents(enabled = true) {
  return useQuery({
    queryKey: ['students', 'mine'],
    enabled,
    queryFn: ({ signal }) => apiGet<StudentPage>('/api/students?limit=500&sort=name', signal),
  });
}

function TeacherHome({ user }: { user: SessionUser }) {
  usePageTitle('Today');
  const students = useMyStudents();
  return (
    <>
      <h1>Today, {today()}</h1>
      <p className="lead">Good morning, {user.displayName}. These are the students in your classes today.</p>
      <p>
        <Link className="button-link" to="/sections">
          My sections: take attendance and enter marks
        </Link>
      </p>
      <section aria-labelledby="my-students">
        <h2 id="my-students">My students</h2>
        <p className="hint">Open a student to see their schedule; from a class in your schedule you can take attendance.</p>
        {students.isPending ? <Loading what="your students" /> : null}
        {students.error ? <ErrorNotice error={students.error} onRetry={() => void students.refetch()} /> : null}
        {students.data && students.data.items.length === 0 ? <p>No students are on your class rosters today. If that is wrong, tell your school office.</p> : null}
        {students.data && students.data.items.length > 0 ? <StudentResults students={students.data.items} caption="My students" /> : null}
      </section>
    </>
  );
}

function CounselorHome({ user }: { user: SessionUser }) {
  usePageTitle('Caseload');
  return (
    <>
      <h1>Caseload and students</h1>
      <p className="lead">Good morning, {user.displayName}. Find any student on your caseload or at your school.</p>
      <p>
        <Link to="/graduation">Graduation worklists: seniors at risk and students not on track</Link>
      </p>
      <p>
        <Link to="/schedules/incomplete">Students without a complete schedule, and walk-in placement</Link>
      </p>
      <StudentSearch autoFocus />
    </>
  );
}

function ClerkHome({ user }: { user: SessionUser }) {
  usePageTitle('Front office');
  return (
    <>
      <h1>Front office</h1>
      <p className="lead">Good morning, {user.displayName}. Look up a student to correct their attendance or record a note from home.</p>
      <p>
        <Link className="button-link" to="/attendance">
          Attendance office: not taken today, ADA, chronic absence, paper import
        </Link>
      </p>
      <StudentSearch autoFocus />
    </>
  );
}

const FIGURE_NAMES: Array<[keyof District['figures'], string]> = [
  ['students_enrolled', 'Students enrolled'],
  ['schools', 'Schools'],
  ['sections', 'Sections this year'],
  ['courses', 'Active courses'],
  ['staff', 'Active staff'],
];

function AdminHome({ user }: { user: SessionUser }) {
  const districtWide = primaryRole(user) === 'district-admin';
  usePageTitle(districtWide ? 'District' : 'My school');
  const district = useDistrict();
  const schools = useSchools();
  const mySchoolIds = new Set(user.roles.filter((g) => g.role === 'school-admin' && g.schoolId !== null).map((g) => g.schoolId));
  const shown = districtWide ? (schools.data?.items ?? []) : (schools.data?.items ?? []).filter((s) => mySchoolIds.has(s.id));
  const number = (n: number) => n.toLocaleString();
  return (
    <>
      <h1>{districtWide ? (district.data?.name ?? 'District') : shown.length === 1 ? shown[0]!.name : 'My schools'}</h1>
      <p className="lead">
        Good morning, {user.displayName}.{district.data?.schoolYear ? ` School year ${district.data.schoolYear}.` : ''}
      </p>
      <p>
        <Link to="/school">School figures, attendance not taken, schedule checks and scheduling runs</Link>
      </p>
      <p>
        <Link to="/school/master-schedule">Master schedule: the grid, moves, locks and builds</Link>
      </p>
      <p>
        <Link to="/readiness">Go-live readiness: Go or No-Go from figures, with the students and sections behind them</Link>
      </p>
      {district.error ? <ErrorNotice error={district.error} onRetry={() => void district.refetch()} /> : null}
      {schools.error ? <ErrorNotice error={schools.error} onRetry={() => void schools.refetch()} /> : null}
      {!districtWide && shown.length > 0 ? (
        <section aria-labelledby="school-figures">
          <h2 id="school-figures">Your school today</h2>
          <dl className="figures">
            {shown.map((school) => (
              <div key={school.id}>
                <dt>Students enrolled{shown.length > 1 ? ` — ${school.name}` : ''}</dt>
                <dd>{number(school.enrolled)}</dd>
              </div>
            ))}
            <div>
              <dt>Grades</dt>
              <dd>
                {shown[0] ? `${gradeLabel(shown[0].grades.low)}–${gradeLabel(shown[0].grades.high)}` : '—'}
              </dd>
            </div>
          </dl>
        </section>
      ) : null}
      {district.data ? (
        <section aria-labelledby="district-figures">
          <h2 id="district-figures">{districtWide ? 'District figures' : `${district.data.name} figures`}</h2>
          <dl className="figures">
            {FIGURE_NAMES.map(([key, label]) => (
              <div key={key}>
                <dt>{label}</dt>
                <dd>{number(district.data.figures[key])}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : district.isPending ? (
        <Loading what="figures" />
      ) : null}
      <p>
        <Link to="/students" className="button-link">
          Find a student
        </Link>
      </p>
      <HomeFiguresPanel districtWide={districtWide} />
      {districtWide && shown.length > 0 ? (
        <section aria-labelledby="schools-heading">
          <h2 id="schools-heading">Schools</h2>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Schools and their current enrollment</caption>
              <thead>
                <tr>
                  <th scope="col">School</th>
                  <th scope="col">Code</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Grades</th>
                  <th scope="col" className="number">
                    Enrolled
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((school) => (
                  <tr key={school.id}>
                    <th scope="row">{school.name}</th>
                    <td>{school.code}</td>
                    <td>{school.kind}</td>
                    <td>
                      {gradeLabel(school.grades.low)}–{gradeLabel(school.grades.high)}
                    </td>
                    <td className="number">{number(school.enrolled)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}

function HelpDeskHome({ user }: { user: SessionUser }) {
  usePageTitle('Help desk');
  const client = useQueryClient();
  const [username, setUsername] = useState('');
  const [reason, setReason] = useState('');
  const viewAs = useMutation({
    mutationFn: () => apiSend<unknown>('POST', '/api/auth/view-as', { username: username.trim(), reason: reason.trim() }),
    onSuccess: async () => {
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
      await client.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });
  return (
    <>
      <h1>Help desk</h1>
      <p className="lead">Hello, {user.displayName}. To see what a caller sees, view Homeroom as them. It is read-only and recorded with your reason.</p>
      <section aria-labelledby="view-as-heading" className="panel">
        <h2 id="view-as-heading">View as a user</h2>
        {viewAs.error ? <ErrorNotice error={viewAs.error} /> : null}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            viewAs.mutate();
          }}
        >
          <label htmlFor="view-as-username">Their username</label>
          <input id="view-as-username" autoComplete="off" required value={username} onChange={(e) => setUsername(e.target.value)} />
          <label htmlFor="view-as-reason">Reason</label>
          <textarea id="view-as-reason" required minLength={5} maxLength={500} rows={3} aria-describedby="view-as-reason-hint" value={reason} onChange={(e) => setReason(e.target.value)} />
          <p id="view-as-reason-hint" className="hint">
            For example the ticket number and what they called about. At least 5 characters; it goes into the audit log.
          </p>
          <button type="submit" className="primary" disabled={viewAs.isPending}>
            {viewAs.isPending ? 'Starting…' : 'View as this user'}
          </button>
        </form>
      </section>
      <p className="hint">
        You can view as {(['teacher', 'counselor', 'attendance-clerk', 'school-admin', 'student', 'guardian'] as const).map((r) => roleName(r).toLowerCase()).join(', ')}. District administrators and other help-desk agents cannot be viewed.
      </p>
    </>
  );
}

function StudentHome({ user }: { user: SessionUser }) {
  usePageTitle('My record');
  if (user.studentId === null) return <p>Your account is not linked to a student record. Ask your school office.</p>;
  return <StudentProfile studentId={user.studentId} own />;
}

function GuardianHome({ user }: { user: SessionUser }) {
  usePageTitle('My children');
  const children = useMyStudents();
  return (
    <>
      <h1>My children</h1>
      <p className="lead">Hello, {user.displayName}. Choose a child to see their school, schedule and programs.</p>
      {children.isPending ? <Loading what="your children" /> : null}
      {children.error ? <ErrorNotice error={children.error} onRetry={() => void children.refetch()} /> : null}
      {children.data && children.data.items.length === 0 ? <p>No student records are linked to your account. Ask your child's school office.</p> : null}
      <ul className="cards">
        {children.data?.items.map((child) => (
          <li key={child.id}>
            <Link to={`/students/${child.id}`}>{studentName(child.name)}</Link>
            <span>
              Grade {gradeLabel(child.grade)}, {child.school?.name ?? 'no current school'}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
