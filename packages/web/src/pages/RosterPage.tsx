import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiProblem, apiGet } from '../api/client.ts';
import { readSectionAttendance, type SectionAttendanceAnswer } from '../attendance/attendance-api.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { formatDay, studentName, todayIso } from '../format.ts';
import { useSession } from '../session.ts';

/**
 * A class roster as it stood on a day, read-only: who is in the class, with a way to each
 * student's record and the day's attendance. Read-only, so the help desk sees it too while viewing
 * as a teacher; taking attendance is the sheet beside it.
 */
export function RosterPage() {
  const { sectionId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const date = params.get('date') || todayIso();
  const viewing = Boolean(useSession().data?.user.viewedBy);
  const roster = useQuery({
    queryKey: ['roster', sectionId, date],
    queryFn: async ({ signal }) => readSectionAttendance(await apiGet<SectionAttendanceAnswer>(`/api/sections/${encodeURIComponent(sectionId)}/attendance?date=${date}`, signal)),
  });
  const r = roster.data;
  usePageTitle(r ? `Roster of ${r.sectionLabel}` : 'Roster');
  const description = (code: string | null) => (code ? (r?.codes.find((c) => c.code === code)?.description ?? code) : '—');
  return (
    <>
      <h1>Roster{r ? ` of ${r.sectionLabel}` : ''}</h1>
      <p>
        <Link to="/sections">Back to my sections</Link>
        {viewing ? null : (
          <>
            {' · '}
            <Link to={`/sections/${sectionId}/attendance?date=${date}`}>Take attendance for this day</Link>
          </>
        )}
      </p>
      <div className="toolbar">
        <div>
          <label htmlFor="roster-date">Date</label>
          <input id="roster-date" type="date" value={date} onChange={(e) => e.target.value && setParams({ date: e.target.value }, { replace: true })} />
        </div>
      </div>
      {roster.isPending ? <Loading what="the roster" /> : null}
      {roster.error instanceof ApiProblem && roster.error.code === 'no-school' ? (
        <p className="notice notice-warn" role="status">
          {roster.error.problem.title}. Choose a school day to see who was in the class.
        </p>
      ) : roster.error ? (
        <ErrorNotice error={roster.error} onRetry={() => void roster.refetch()} />
      ) : null}
      {r ? (
        <>
          <p>
            {formatDay(r.date)}: {r.students.length} {r.students.length === 1 ? 'student' : 'students'}.{r.takenAt ? ' Attendance is taken.' : ' Attendance is not taken yet: everyone shows present.'}
          </p>
          <div className="table-wrap">
            <table data-list="roster">
              <caption className="visually-hidden">Students in {r.sectionLabel} on {formatDay(r.date)}</caption>
              <thead>
                <tr>
                  <th scope="col">Student</th>
                  <th scope="col">Student ID</th>
                  <th scope="col">Attendance</th>
                </tr>
              </thead>
              <tbody>
                {r.students.map((s) => (
                  <tr key={s.studentId}>
                    <th scope="row">
                      <Link to={`/students/${s.studentId}`}>{studentName(s.name)}</Link>
                    </th>
                    <td>{s.localId ?? '—'}</td>
                    <td>{description(s.code)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}
