import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { apiGet } from '../api/client.ts';
import type { AverageDailyAttendance, ChronicAbsenceList } from '../api/records.ts';
import { useDistrict } from '../api/use-district.ts';
import { PaperImport } from '../attendance/PaperImport.tsx';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { useSchoolChoice } from '../components/SchoolPicker.tsx';
import { useSchools } from '../components/StudentSearch.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { formatDay } from '../format.ts';
import { NotTaken } from './SchoolPage.tsx';

/**
 * The attendance office: what is not taken yet today, the funding figure (ADA) for a reporting
 * period, the students chronically absent, and the paper backlog. Corrections and notes from home
 * are made on the student's own page, where the days to correct are listed.
 */
export function AttendanceOfficePage() {
  usePageTitle('Attendance office');
  const { schoolId, picker } = useSchoolChoice();
  const schools = useSchools();
  const school = schools.data?.items.find((s) => s.id === schoolId);
  return (
    <>
      <h1>Attendance office{school ? `: ${school.name}` : ''}</h1>
      <p className="lead">
        To correct a student's attendance or record a note from home, <Link to="/students">find the student</Link> and use the Attendance section of their page.
      </p>
      {picker}
      {schoolId === null ? (
        <Loading what="your school" />
      ) : (
        <>
          <NotTaken schoolId={schoolId} />
          <Ada schoolId={schoolId} />
          <ChronicAbsence schoolId={schoolId} />
          <PaperImport />
        </>
      )}
    </>
  );
}

type Range = { kind: 'year' } | { kind: 'P1' | 'P2' | 'annual' } | { kind: 'dates'; from: string; to: string };

export function adaQuery(range: Range, schoolYear: string | null): string | null {
  if (range.kind === 'year') return '';
  if (range.kind === 'dates') return range.from && range.to ? `?from=${range.from}&to=${range.to}` : null;
  return schoolYear ? `?period=${range.kind}&year=${schoolYear}` : null;
}

const RANGE_NAMES: Record<Exclude<Range['kind'], 'dates'>, string> = {
  year: 'This school year so far',
  P1: 'P-1: July 1 to December 31',
  P2: 'P-2: July 1 to April 15',
  annual: 'Annual: July 1 to June 30',
};

function Ada({ schoolId }: { schoolId: number }) {
  const [range, setRange] = useState<Range>({ kind: 'year' });
  const district = useDistrict();
  const query = adaQuery(range, district.data?.schoolYear ?? null);
  const ada = useQuery({
    queryKey: ['ada', schoolId, query],
    enabled: query !== null,
    queryFn: ({ signal }) => apiGet<AverageDailyAttendance>(`/api/schools/${schoolId}/ada${query}`, signal),
  });
  const a = ada.data;
  return (
    <section aria-labelledby="ada-h">
      <h2 id="ada-h">Average daily attendance (ADA)</h2>
      <div className="toolbar">
        <div>
          <label htmlFor="ada-range">Reporting period</label>
          <select
            id="ada-range"
            value={range.kind}
            onChange={(e) => {
              const kind = e.target.value as Range['kind'];
              setRange(kind === 'dates' ? { kind, from: '', to: '' } : { kind });
            }}
          >
            {Object.entries(RANGE_NAMES).map(([kind, name]) => (
              <option key={kind} value={kind}>
                {name}
              </option>
            ))}
            <option value="dates">Dates I choose</option>
          </select>
        </div>
        {range.kind === 'dates' ? (
          <>
            <div>
              <label htmlFor="ada-from">From</label>
              <input id="ada-from" type="date" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} />
            </div>
            <div>
              <label htmlFor="ada-to">To</label>
              <input id="ada-to" type="date" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} />
            </div>
          </>
        ) : null}
      </div>
      {query === null ? <p className="hint">Choose both dates.</p> : null}
      {ada.isFetching && !a ? <Loading what="ADA" /> : null}
      {ada.error ? <ErrorNotice error={ada.error} onRetry={() => void ada.refetch()} /> : null}
      {a ? (
        <>
          <dl className="figures">
            <div>
              <dt>ADA</dt>
              <dd>{a.ada.value === null ? '—' : a.ada.value.toFixed(2)}</dd>
            </div>
            <div>
              <dt>Days taught</dt>
              <dd>{a.daysTaught.toLocaleString()}</dd>
            </div>
            <div>
              <dt>Days of attendance</dt>
              <dd>{a.daysOfAttendance.toLocaleString()}</dd>
            </div>
            <div>
              <dt>Attendance rate</dt>
              <dd>{a.attendanceRate.percent === null ? '—' : `${a.attendanceRate.percent}%`}</dd>
            </div>
          </dl>
          <p className="hint">
            {formatDay(a.from)} to {formatDay(a.to)}, counted through {formatDay(a.through)}: {a.daysOfAttendance.toLocaleString()} days of attendance ÷ {a.daysTaught.toLocaleString()} days taught (Education Code 41601). Days not yet taught are not counted.
          </p>
        </>
      ) : null}
    </section>
  );
}

function ChronicAbsence({ schoolId }: { schoolId: number }) {
  const list = useQuery({ queryKey: ['chronic-absence', schoolId], queryFn: ({ signal }) => apiGet<ChronicAbsenceList>(`/api/schools/${schoolId}/chronic-absence`, signal) });
  const c = list.data;
  return (
    <section aria-labelledby="chronic-h">
      <h2 id="chronic-h">Chronically absent students</h2>
      <p className="hint">Absent (full days) on 10% or more of the school days they were enrolled this year. Excused absences count, as the state counts them.</p>
      {list.isPending ? <Loading what="the list" /> : null}
      {list.error ? <ErrorNotice error={list.error} onRetry={() => void list.refetch()} /> : null}
      {c ? (
        <>
          <p>
            {c.schoolYear}, through {formatDay(c.through)} ({c.daysTaught} school days): <strong>{c.chronicallyAbsent}</strong> of {c.studentsCounted} students
            {c.rate.percent === null ? '' : ` (${c.rate.percent}%)`}.
          </p>
          {c.students.length > 0 ? (
            <div className="table-wrap">
              <table data-list="chronic-absence">
                <caption className="visually-hidden">Chronically absent students, most absent first</caption>
                <thead>
                  <tr>
                    <th scope="col">Student</th>
                    <th scope="col">Student ID</th>
                    <th scope="col" className="number">
                      Days absent
                    </th>
                    <th scope="col" className="number">
                      Days enrolled
                    </th>
                    <th scope="col" className="number">
                      Absent
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...c.students]
                    .sort((x, y) => (y.percentAbsent ?? 0) - (x.percentAbsent ?? 0) || y.daysAbsent - x.daysAbsent)
                    .map((s) => (
                      <tr key={s.id}>
                        <th scope="row">
                          <Link to={`/students/${s.id}#attendance`}>{s.name ? `${s.name.last}, ${s.name.first}` : `Student ${s.id}`}</Link>
                        </th>
                        <td>{s.localId ?? '—'}</td>
                        <td className="number">{s.daysAbsent}</td>
                        <td className="number">{s.daysEnrolled}</td>
                        <td className="number">{s.percentAbsent === null ? '—' : `${s.percentAbsent}%`}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>No student is chronically absent.</p>
          )}
        </>
      ) : null}
    </section>
  );
}
