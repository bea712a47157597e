import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiProblem, apiGet, apiSend } from '../api/client.ts';
import type { AttendanceNotTaken, ScheduleReport, SchedulingRun } from '../api/records.ts';
import { useDistrict } from '../api/use-district.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { RunComparison } from '../components/RunComparison.tsx';
import { JobStatus } from '../components/JobStatus.tsx';
import { useSchoolChoice } from '../components/SchoolPicker.tsx';
import { useSchools } from '../components/StudentSearch.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { formatDay, nextYearOf, todayIso } from '../format.ts';
import { useSession } from '../session.ts';

/**
 * The school administrator's desk: the school's figures, attendance not yet taken, the master
 * schedule checks and schedule report, and the student scheduling run from start to commit.
 */
export function SchoolPage() {
  usePageTitle('School and scheduling');
  const { schoolId, picker } = useSchoolChoice();
  const schools = useSchools();
  const school = schools.data?.items.find((s) => s.id === schoolId);
  return (
    <>
      <h1>{school ? school.name : 'School'}: figures and scheduling</h1>
      {picker}
      <p>
        <Link to="/school/master-schedule">Open the master schedule: the grid by teacher and room, moves, locks and builds</Link>
      </p>
      {schoolId === null ? (
        <Loading what="your school" />
      ) : (
        <>
          <SchoolFigures schoolId={schoolId} enrolled={school?.enrolled ?? null} />
          <NotTaken schoolId={schoolId} />
          <Checks schoolId={schoolId} />
          <Report schoolId={schoolId} />
          <SchedulingRuns schoolId={schoolId} />
        </>
      )}
    </>
  );
}

function useReport(schoolId: number) {
  return useQuery({ queryKey: ['schedule-report', schoolId], queryFn: ({ signal }) => apiGet<ScheduleReport>(`/api/schools/${schoolId}/schedule-report`, signal) });
}

function SchoolFigures({ schoolId, enrolled }: { schoolId: number; enrolled: number | null }) {
  const report = useReport(schoolId);
  const r = report.data;
  return (
    <section aria-labelledby="figures">
      <h2 id="figures">Figures</h2>
      <dl className="figures">
        <div>
          <dt>Students enrolled</dt>
          <dd>{enrolled ?? '—'}</dd>
        </div>
        <div>
          <dt>Students with course requests</dt>
          <dd>{r ? r.studentsWithRequests : '—'}</dd>
        </div>
        <div>
          <dt>Without any class</dt>
          <dd>{r ? r.studentsWithoutSchedule.length : '—'}</dd>
        </div>
        <div>
          <dt>Incomplete schedules</dt>
          <dd>{r ? r.studentsIncomplete : '—'}</dd>
          <dd className="figure-link">
            <Link to={`/schedules/incomplete?school=${schoolId}`}>Who they are</Link>
          </dd>
        </div>
        <div>
          <dt>Required courses not scheduled</dt>
          <dd>{r ? r.requiredUnmet.length : '—'}</dd>
        </div>
        <div>
          <dt>Sections</dt>
          <dd>{r ? r.sectionFill.length : '—'}</dd>
        </div>
      </dl>
    </section>
  );
}

/** Classes meeting on a day whose attendance is not taken yet, with their teachers: the figure watched on the first morning. */
export function NotTaken({ schoolId }: { schoolId: number }) {
  const [params, setParams] = useSearchParams();
  const date = params.get('date') || todayIso();
  const result = useQuery({
    queryKey: ['attendance-not-taken', schoolId, date],
    queryFn: ({ signal }) => apiGet<AttendanceNotTaken>(`/api/schools/${schoolId}/attendance-not-taken?date=${date}`, signal),
  });
  return (
    <section aria-labelledby="not-taken">
      <h2 id="not-taken">Attendance not taken</h2>
      <div className="toolbar">
        <div>
          <label htmlFor="not-taken-date">Day</label>
          <input
            id="not-taken-date"
            type="date"
            value={date}
            onChange={(e) => {
              if (!e.target.value) return;
              const next = new URLSearchParams(params);
              next.set('date', e.target.value);
              setParams(next, { replace: true });
            }}
          />
        </div>
      </div>
      {result.isPending ? <Loading what="attendance" /> : null}
      {result.error instanceof ApiProblem && result.error.code === 'no-school' ? (
        // A day without school is an answer, not a failure: said plainly, without taking the focus.
        <p className="notice notice-warn" role="status">
          {result.error.problem.title}. Choose a school day.
        </p>
      ) : result.error ? (
        <ErrorNotice error={result.error} />
      ) : null}
      {result.data ? (
        <>
          <p>
            {formatDay(result.data.date)}: {result.data.taken} of {result.data.meetings} class meetings taken; <strong>{result.data.notTaken} not taken</strong>
            {result.data.notTaken > 0 ? `, by ${teachersWaiting(result.data)} ${teachersWaiting(result.data) === 1 ? 'teacher' : 'teachers'}` : ''}.
          </p>
          {result.data.sections.length > 0 ? (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Classes whose attendance has not been taken</caption>
                <thead>
                  <tr>
                    <th scope="col">Period</th>
                    <th scope="col">Section</th>
                    <th scope="col">Course</th>
                    <th scope="col">Teacher</th>
                  </tr>
                </thead>
                <tbody>
                  {result.data.sections.map((s) => (
                    <tr key={`${s.sectionId}-${s.period}`}>
                      <td>{s.period ?? 'Daily'}</td>
                      <th scope="row">
                        <Link to={`/sections/${s.sectionId}/attendance?date=${result.data.date}`}>{s.section}</Link>
                      </th>
                      <td>{s.course}</td>
                      <td>{s.teachers.map((t) => t.name).join(', ') || 'No teacher assigned'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** Teachers with at least one class still to take; a section without a teacher counts as one to chase. */
function teachersWaiting(data: AttendanceNotTaken): number {
  const ids = new Set<string>();
  for (const s of data.sections) {
    if (s.teachers.length === 0) ids.add(`section-${s.sectionId}`);
    for (const t of s.teachers) ids.add(`staff-${t.staffId}`);
  }
  return ids.size;
}

function Checks({ schoolId }: { schoolId: number }) {
  const checks = useQuery({ queryKey: ['master-schedule-checks', schoolId], queryFn: ({ signal }) => apiGet<{ warnings: Array<{ kind: string; message: string }> }>(`/api/schools/${schoolId}/master-schedule/checks`, signal) });
  return (
    <section aria-labelledby="checks">
      <h2 id="checks">Master schedule checks</h2>
      {checks.isPending ? <Loading what="the checks" /> : null}
      {checks.error ? <ErrorNotice error={checks.error} /> : null}
      {checks.data && checks.data.warnings.length === 0 ? <p className="notice notice-ok">No problems found: no singleton clashes, no group all in one period, enough seats for the requests.</p> : null}
      {checks.data && checks.data.warnings.length > 0 ? (
        <ul className="notice notice-warn">
          {checks.data.warnings.map((w) => (
            <li key={w.message}>{w.message}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function Report({ schoolId }: { schoolId: number }) {
  const report = useReport(schoolId);
  if (report.isPending) return <Loading what="the schedule report" />;
  if (report.error) return <ErrorNotice error={report.error} />;
  const r = report.data;
  return (
    <section aria-labelledby="report">
      <h2 id="report">Schedule report</h2>
      <p>
        {plural(r.studentsWithoutSchedule.length, 'student has', 'students have')} no class; {r.studentsIncomplete} of {plural(r.studentsWithRequests, 'student', 'students')} with requests{' '}
        {r.studentsIncomplete === 1 ? 'has' : 'have'} an incomplete schedule.
      </p>
      <h3>Required courses not scheduled</h3>
      {r.requiredUnmet.length === 0 ? (
        <p>Every required request is scheduled.</p>
      ) : (
        <ul>
          {r.requiredUnmet.map((u) => (
            <li key={`${u.studentId}-${u.course}`}>
              <Link to={`/students/${u.studentId}`}>Student {u.studentId}</Link> needs {u.course}
            </li>
          ))}
        </ul>
      )}
      <div className="table-wrap">
        <table>
          <caption>Section fill</caption>
          <thead>
            <tr>
              <th scope="col">Section</th>
              <th scope="col">Course</th>
              <th scope="col">Periods</th>
              <th scope="col" className="number">
                Enrolled
              </th>
              <th scope="col" className="number">
                Seats
              </th>
            </tr>
          </thead>
          <tbody>
            {r.sectionFill.map((s) => (
              <tr key={s.sectionId}>
                <th scope="row">{s.section ?? s.sectionId}</th>
                <td>{s.title ?? s.course}</td>
                <td>{s.slots.join(', ') || '—'}</td>
                <td className="number">{s.enrolled}</td>
                <td className="number">
                  {s.capacity}
                  {s.enrolled >= s.capacity ? <span className="badge-warn"> full</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const STATUS: Record<string, string> = { queued: 'Waiting to start', running: 'Running', preview: 'Preview — nothing has changed yet', committed: 'Committed', discarded: 'Discarded', failed: 'Failed' };

function SchedulingRuns({ schoolId }: { schoolId: number }) {
  const client = useQueryClient();
  const mayRun = useSession().data?.user.roles.some((g) => g.role === 'school-admin' || g.role === 'district-admin') ?? false;
  const [runId, setRunId] = useState<number | null>(null);
  // Runs schedule this year (walk-ins, a late start) or next year (its course requests).
  const district = useDistrict();
  const current = district.data?.schoolYear ?? null;
  const [chosenYear, setChosenYear] = useState<string | null>(null);
  const year = chosenYear ?? current;
  const latest = useQuery({
    queryKey: ['scheduling-runs', schoolId],
    queryFn: ({ signal }) => apiGet<{ items: SchedulingRun[] }>(`/api/schools/${schoolId}/scheduling-runs`, signal),
  });
  const shownId = runId ?? latest.data?.items.find((r) => r.kind !== 'master' && ['queued', 'running', 'preview'].includes(r.status))?.id ?? null;
  const start = useMutation({
    mutationFn: () => apiSend<{ runId: number }>('POST', `/api/schools/${schoolId}/scheduling-runs`, { ...(year ? { schoolYear: year } : {}), timeLimitSeconds: 10 }),
    onSuccess: (result) => setRunId(result.runId),
  });
  return (
    <section aria-labelledby="runs">
      <h2 id="runs">Student scheduling run</h2>
      <p className="hint">A run places every student with requests into sections. It ends in a preview: nothing changes until you commit it.</p>
      {mayRun ? (
        <div className="toolbar">
          {current ? (
            <div>
              <label htmlFor="run-year">School year to schedule</label>
              <select id="run-year" value={year ?? ''} onChange={(e) => setChosenYear(e.target.value)}>
                {[current, nextYearOf(current)].map((y) => (
                  <option key={y} value={y}>
                    {y}
                    {y === current ? ' (this year)' : ' (next year: its course requests)'}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <button type="button" className="primary" onClick={() => start.mutate()} disabled={start.isPending || year === null}>
            Start a scheduling run{year ? ` for ${year}` : ''}
          </button>
        </div>
      ) : null}
      {start.error ? <ErrorNotice error={start.error} /> : null}
      {latest.error ? <ErrorNotice error={latest.error} /> : null}
      {shownId !== null ? (
        <RunView
          key={shownId}
          runId={shownId}
          mayRun={mayRun}
          onSettled={() => {
            void client.invalidateQueries({ queryKey: ['scheduling-runs', schoolId] });
            void client.invalidateQueries({ queryKey: ['schedule-report', schoolId] });
          }}
        />
      ) : null}
      <RunComparison runs={latest.data?.items ?? []} />
    </section>
  );
}

function RunView({ runId, mayRun, onSettled }: { runId: number; mayRun: boolean; onSettled: () => void }) {
  const client = useQueryClient();
  const run = useQuery({
    queryKey: ['scheduling-run', runId],
    queryFn: ({ signal }) => apiGet<SchedulingRun>(`/api/scheduling-runs/${runId}`, signal),
    // Poll while the worker runs; stop as soon as there is a preview or an outcome.
    refetchInterval: (query) => (query.state.data && !['queued', 'running'].includes(query.state.data.status) ? false : 1000),
  });
  const act = useMutation({
    mutationFn: (action: 'commit' | 'discard') => apiSend<SchedulingRun>('POST', `/api/scheduling-runs/${runId}/${action}`),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['scheduling-run', runId] });
      onSettled();
    },
  });
  const status = run.data?.status;
  // A run that reaches its preview belongs in the list of runs (and in the comparison) at once.
  useEffect(() => {
    if (status && status !== 'queued' && status !== 'running') onSettled();
  }, [status]);
  if (run.isPending) return <Loading what="the run" />;
  if (run.error) return <ErrorNotice error={run.error} />;
  const r = run.data;
  const s = r.summary;
  return (
    <div className="panel run" aria-labelledby="run-title">
      <JobStatus noun="Run" job={r} statuses={STATUS} />
      {r.schoolYear ? <p>Schedules for {r.schoolYear}.</p> : null}
      {s ? (
        <dl className="figures" aria-label="What the run would do">
          <div>
            <dt>Students changed</dt>
            <dd>{s.studentsChanged ?? '—'}</dd>
          </div>
          <div>
            <dt>Complete schedules</dt>
            <dd>
              {s.studentsComplete ?? '—'} / {s.students ?? '—'}
            </dd>
          </div>
          <div>
            <dt>Required requests met</dt>
            <dd>
              {s.requiredMet ?? '—'} / {s.requiredTotal ?? '—'}
            </dd>
          </div>
          <div>
            <dt>All requests met</dt>
            <dd>
              {s.requestsMet ?? '—'} / {s.requestsTotal ?? '—'}
            </dd>
          </div>
          <div>
            <dt>Seats added / dropped</dt>
            <dd>
              {s.seatsAdded ?? 0} / {s.seatsDropped ?? 0}
            </dd>
          </div>
        </dl>
      ) : null}
      {r.status === 'preview' ? (
        <>
          <h4>Requests the run could not meet</h4>
          {(r.unmet ?? []).length === 0 ? (
            <p>Every request is met.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Unmet requests with reasons</caption>
                <thead>
                  <tr>
                    <th scope="col">Student</th>
                    <th scope="col">Course</th>
                    <th scope="col">Required</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {(r.unmet ?? []).map((u) => (
                    <tr key={`${u.studentId}-${u.course}`}>
                      <th scope="row">
                        <Link to={`/students/${u.studentId}`}>{u.name ?? u.localId ?? u.studentId}</Link>
                      </th>
                      <td>{u.title ?? u.course}</td>
                      <td>{u.required ? 'Yes' : 'No'}</td>
                      <td>{u.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {mayRun ? (
            <div className="actions">
              <button type="button" className="primary" onClick={() => act.mutate('commit')} disabled={act.isPending}>
                Commit: make these the school’s schedules
              </button>
              <button type="button" className="secondary" onClick={() => act.mutate('discard')} disabled={act.isPending}>
                Discard the run
              </button>
            </div>
          ) : null}
        </>
      ) : null}
      {r.status === 'committed' ? (
        <p className="notice notice-ok" role="status">
          Committed{r.committedAt ? ` at ${new Date(r.committedAt).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })}` : ''}. Students’ schedules are updated.
        </p>
      ) : null}
      {r.status === 'discarded' ? (
        <p className="notice" role="status">
          Discarded. Nothing changed.
        </p>
      ) : null}
      {act.error ? <ErrorNotice error={act.error} /> : null}
    </div>
  );
}
