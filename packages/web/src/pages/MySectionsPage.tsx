import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { apiGet } from '../api/client.ts';
import type { MySections } from '../api/records.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { formatDay } from '../format.ts';
import { useSession } from '../session.ts';

export function useMySections() {
  return useQuery({ queryKey: ['my-sections'], queryFn: ({ signal }) => apiGet<MySections>('/api/me/sections', signal) });
}

/** A teacher's classes today, each with what the teacher does with it: roster and attendance, marks. */
export function MySectionsPage() {
  usePageTitle('My sections');
  const sections = useMySections();
  const viewing = Boolean(useSession().data?.user.viewedBy);
  return (
    <>
      <h1>My sections</h1>
      {sections.data ? <p className="lead">Your classes on {formatDay(sections.data.date)}.</p> : null}
      {sections.isPending ? <Loading what="your sections" /> : null}
      {sections.error ? <ErrorNotice error={sections.error} onRetry={() => void sections.refetch()} /> : null}
      {sections.data && sections.data.items.length === 0 ? <p>You are not teaching any section today. If that is wrong, tell your school office.</p> : null}
      {sections.data && sections.data.items.length > 0 ? (
        <ul className="cards">
          {sections.data.items.map((s) => (
            <li key={s.id}>
              <h2 className="card-title">
                {s.periods.join(', ') || 'No period today'} — {s.course.title} <span className="muted">{s.code}</span>
              </h2>
              <span>
                {s.students} {s.students === 1 ? 'student' : 'students'}, {s.school.name}
              </span>
              <span className="actions">
                {viewing ? null : (
                  <Link className="button-link" to={`/sections/${s.id}/attendance`}>
                    Roster and attendance<span className="visually-hidden"> for {s.code}</span>
                  </Link>
                )}
                <Link to={`/sections/${s.id}/roster`}>
                  Roster<span className="visually-hidden"> of {s.code}</span>
                </Link>
                <Link to={`/sections/${s.id}/marks`}>
                  Marks<span className="visually-hidden"> for {s.code}</span>
                </Link>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
