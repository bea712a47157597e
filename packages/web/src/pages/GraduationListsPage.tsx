import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { apiGet } from '../api/client.ts';
import type { GraduationList } from '../api/records.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { useSchoolChoice } from '../components/SchoolPicker.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { gradeLabel, studentName } from '../format.ts';

const LISTS = [
  { id: 'seniors-at-risk', title: 'Seniors who cannot graduate on their current schedule', empty: 'Every senior’s missing requirements are on their schedule.' },
  { id: 'not-on-track', title: 'Students not on track for their grade', empty: 'Every student has the credits expected for their grade.' },
] as const;

/** The counselor's worklists: who needs a schedule change or a conversation, and for what. */
export function GraduationListsPage() {
  usePageTitle('Graduation worklists');
  const { schoolId, picker } = useSchoolChoice();
  return (
    <>
      <h1>Graduation worklists</h1>
      <p className="lead">Each student with what is still missing. Open a student to see the audit and change the schedule.</p>
      {picker}
      {schoolId === null ? <Loading what="your school" /> : LISTS.map((list) => <WorkList key={list.id} schoolId={schoolId} list={list} />)}
    </>
  );
}

function WorkList({ schoolId, list }: { schoolId: number; list: (typeof LISTS)[number] }) {
  const result = useQuery({ queryKey: ['graduation-list', schoolId, list.id], queryFn: ({ signal }) => apiGet<GraduationList>(`/api/schools/${schoolId}/graduation-lists?list=${list.id}`, signal) });
  const headingId = `list-${list.id}`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>
        {list.title} {result.data ? <span className="muted">({result.data.total})</span> : null}
      </h2>
      {result.isPending ? <Loading what="the list" /> : null}
      {result.error ? <ErrorNotice error={result.error} onRetry={() => void result.refetch()} /> : null}
      {result.data && result.data.items.length === 0 ? <p>{list.empty}</p> : null}
      {result.data && result.data.items.length > 0 ? (
        <div className="table-wrap">
          <table data-list={list.id}>
            <caption className="visually-hidden">{list.title}</caption>
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Student ID</th>
                <th scope="col">Grade</th>
                <th scope="col">Credits for grade</th>
                <th scope="col">Still missing</th>
              </tr>
            </thead>
            <tbody>
              {result.data.items.map((s) => (
                <tr key={s.studentId}>
                  <th scope="row">
                    <Link to={`/students/${s.studentId}`}>{studentName(s.name)}</Link>
                  </th>
                  <td>{s.localId}</td>
                  <td>{gradeLabel(s.grade)}</td>
                  <td>{s.onTrack ? 'On track' : 'Behind'}</td>
                  <td>{s.missing.map((m) => `${m.title}${m.needed > 0 ? ` (${m.needed} credits)` : ''}${m.status === 'in_progress' ? ' — in progress' : ''}`).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
