import { StudentSearch } from '../components/StudentSearch.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';

export function StudentSearchPage() {
  usePageTitle('Find a student');
  return (
    <>
      <h1>Find a student</h1>
      <p className="lead">You see the students you serve: your classes, caseload or school.</p>
      <StudentSearch autoFocus />
    </>
  );
}
