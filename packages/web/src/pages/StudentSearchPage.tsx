import { Link } from 'react-router';
import { StudentSearch } from '../components/StudentSearch.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { hasRole, useSession } from '../session.ts';

export function StudentSearchPage() {
  usePageTitle('Find a student');
  const session = useSession();
  // The school office registers new students: where it looks for a student is where it starts one.
  const mayRegister = session.data ? hasRole(session.data.user, 'district-admin', 'school-admin', 'attendance-clerk') && !session.data.user.viewedBy : false;
  return (
    <>
      <h1>Find a student</h1>
      <p className="lead">You see the students you serve: your classes, caseload or school.</p>
      {mayRegister ? (
        <p>
          <Link to="/students/new" className="button-link">
            New student
          </Link>{' '}
          <span className="hint">Search first: a child enrolled before keeps their record.</span>
        </p>
      ) : null}
      <StudentSearch autoFocus />
    </>
  );
}
