import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import { apiGet, apiSend } from '../api/client.ts';
import type { ScheduleChangeResult } from '../api/records.ts';
import { CourseRuleOverride, overrideOf } from '../components/CourseRuleOverride.tsx';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { useSchoolChoice } from '../components/SchoolPicker.tsx';
import { useSchools } from '../components/StudentSearch.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { counted, gradeLabel, studentName } from '../format.ts';
import { useSession } from '../session.ts';

interface IncompleteSchedules {
  schoolYear: string;
  total: number;
  withoutAnyClass: number;
  items: Array<{ studentId: number; localId: string; name: { first: string; last: string }; grade: number | null; sections: number; requestsMet: number; requestsTotal: number; requiredUnmet: Array<{ course: string; title: string | null }> }>;
}

type Placement = ScheduleChangeResult & { placed: Array<{ sectionId: number; section: string | undefined }>; unmet: Array<{ course: string; reason: string }> };

/**
 * The first-morning worklist: students with no class at all (the auditorium the district must
 * never fill again) and students whose schedule misses a request, with a walk-in placement into
 * open seats that moves nobody else — previewed before it is saved.
 */
export function IncompleteSchedulesPage() {
  usePageTitle('Incomplete schedules');
  const { schoolId, picker } = useSchoolChoice();
  const schools = useSchools();
  const school = schools.data?.items.find((s) => s.id === schoolId);
  const list = useQuery({
    queryKey: ['incomplete-schedules', schoolId],
    enabled: schoolId !== null,
    queryFn: ({ signal }) => apiGet<IncompleteSchedules>(`/api/schools/${schoolId}/incomplete-schedules`, signal),
  });
  const session = useSession();
  const mayPlace = !session.data?.user.viewedBy;
  const [placing, setPlacing] = useState<number | null>(null);
  const [done, setDone] = useState('');
  const l = list.data;
  return (
    <>
      <h1>Students without a complete schedule{school ? `: ${school.name}` : ''}</h1>
      <p className="lead">Students with no class at all come first. “Place in open seats” fills a student’s requests from the seats left, moving nobody else; you see the classes before anything is saved.</p>
      {picker}
      {done ? (
        <p className="notice notice-ok" role="status">
          {done}
        </p>
      ) : null}
      {list.isPending && schoolId !== null ? <Loading what="the list" /> : null}
      {list.error ? <ErrorNotice error={list.error} onRetry={() => void list.refetch()} /> : null}
      {l ? (
        <>
          <p>
            {l.schoolYear}: <strong>{counted(l.withoutAnyClass, 'student')} without any class</strong>, {counted(l.total - l.withoutAnyClass, 'student')} missing a requested course.
          </p>
          {l.items.length === 0 ? (
            <p>Every student has a complete schedule.</p>
          ) : (
            <div className="table-wrap">
              <table data-list="incomplete-schedules">
                <caption className="visually-hidden">Students without a complete schedule, those without any class first</caption>
                <thead>
                  <tr>
                    <th scope="col">Student</th>
                    <th scope="col">Student ID</th>
                    <th scope="col">Grade</th>
                    <th scope="col">Classes</th>
                    <th scope="col">Requests met</th>
                    <th scope="col">Required, not scheduled</th>
                    {mayPlace ? <th scope="col">Placement</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {l.items.map((s) => (
                    <Fragment key={s.studentId}>
                      <tr className={s.sections === 0 ? 'exception' : undefined}>
                        <th scope="row">
                          <Link to={`/students/${s.studentId}`}>{studentName(s.name)}</Link>
                        </th>
                        <td>{s.localId}</td>
                        <td>{gradeLabel(s.grade)}</td>
                        <td>{s.sections === 0 ? <strong>None</strong> : s.sections}</td>
                        <td>{s.requestsTotal === 0 ? 'No requests' : `${s.requestsMet} of ${s.requestsTotal}`}</td>
                        <td>{s.requiredUnmet.map((c) => (c.title ? `${c.title} (${c.course})` : c.course)).join(', ') || '—'}</td>
                        {mayPlace ? (
                          <td>
                            {placing === s.studentId ? null : (
                              <button type="button" className="secondary" onClick={() => {
                                  setDone('');
                                  setPlacing(s.studentId);
                                }}>
                                Place <span className="visually-hidden">{studentName(s.name)} </span>in open seats
                              </button>
                            )}
                          </td>
                        ) : null}
                      </tr>
                      {placing === s.studentId ? (
                        <tr>
                          <td colSpan={mayPlace ? 7 : 6}>
                            <PlaceStudent
                              studentId={s.studentId}
                              name={studentName(s.name)}
                              schoolId={schoolId!}
                              onClose={(message) => {
                                setPlacing(null);
                                setDone(message);
                              }}
                            />
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
    </>
  );
}

export function PlaceStudent({ studentId, name, schoolId, onClose }: { studentId: number; name: string; schoolId: number; onClose: (message: string) => void }) {
  const client = useQueryClient();
  // The override reason being written, and the one the preview was made with (and the save sends).
  const [override, setOverride] = useState('');
  const [applied, setApplied] = useState<{ reason: string } | undefined>(undefined);
  const preview = useQuery({
    queryKey: ['placement-preview', studentId, applied?.reason ?? null],
    gcTime: 0,
    queryFn: () => apiSend<Placement>('POST', `/api/students/${studentId}/placement`, { dryRun: true, override: applied }),
  });
  const save = useMutation({
    mutationFn: () => apiSend<Placement>('POST', `/api/students/${studentId}/placement`, { dryRun: false, override: applied }),
    onSuccess: async (result) => {
      // The student may leave the list when it reloads: the outcome is said on the page, not in this row.
      onClose(result.saved ? `Saved: ${name} is placed in ${counted(result.placed.length, 'class', 'classes')} (${result.placed.map((c) => c.section ?? c.sectionId).join(', ')}).` : `${name} was not placed: ${result.problems.join(' ') || 'the seats changed; try again.'}`);
      await client.invalidateQueries({ predicate: (q) => ['incomplete-schedules', 'schedule-report', 'student'].includes(String(q.queryKey[0])) && (q.queryKey[1] === schoolId || q.queryKey[1] === studentId) });
    },
  });
  const p = preview.data;
  // A course the rules refused is said once, in the override box, not again among the unmet.
  const unmet = p ? (p.overridable ? p.unmet.filter((u) => !p.refusals.some((r) => u.reason.includes(r.message))) : p.unmet) : [];
  return (
    <div className="panel placement" role="group" aria-label={`Placement of ${name}`}>
      {preview.isPending ? <Loading what="open seats" /> : null}
      {preview.error ? <ErrorNotice error={preview.error} onRetry={() => void preview.refetch()} /> : null}
      {save.error ? <ErrorNotice error={save.error} /> : null}
      {p ? (
        <>
          <p role="status">
            {p.placed.length === 0
                ? `No open seat answers ${name}'s requests.`
                : `${name} would be placed in ${counted(p.placed.length, 'class', 'classes')}: ${p.placed.map((c) => c.section ?? c.sectionId).join(', ')}. Nothing is saved yet.`}
          </p>
          {unmet.length > 0 ? (
            <ul>
              {unmet.map((u) => (
                <li key={u.course}>
                  {u.course}: {u.reason}
                </li>
              ))}
            </ul>
          ) : null}
          {p.problems.length > 0 ? <p className="notice notice-warn">{p.problems.join(' ')}</p> : null}
          {p.overridable ? (
            <>
              <CourseRuleOverride refusals={p.refusals} reason={override} onReason={setOverride} />
              <button type="button" disabled={!overrideOf(override) || preview.isFetching} onClick={() => setApplied(overrideOf(override))}>
                Check again with the override
              </button>
            </>
          ) : applied && p.refusals.length > 0 ? (
            <p className="notice notice-warn">
              Overriding the course rules ({p.refusals.map((r) => r.message).join('; ')}) because: {applied.reason}
            </p>
          ) : null}
        </>
      ) : null}
      <div className="actions">
        <button type="button" className="primary" disabled={!p || p.placed.length === 0 || !p.ok || save.isPending} onClick={() => save.mutate()}>
          {save.isPending ? 'Saving…' : `Save the placement of ${name}`}
        </button>
        <button type="button" className="secondary" onClick={() => onClose('')}>
          Cancel
        </button>
      </div>
    </div>
  );
}
