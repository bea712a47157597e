import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { apiGet } from '../api/client.ts';
import type { ReadinessHistory, ReadinessReport } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { useSchoolChoice } from '../components/SchoolPicker.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { counted, formatDay } from '../format.ts';
import { useSession } from '../session.ts';

type Check = ReadinessReport['checks'][number];
type Evidence = Check['evidence'][number];

const STATUS_WORDS: Record<Check['status'], string> = { pass: 'Pass', warn: 'Warning', fail: 'Fail', unknown: 'Unknown — not measured' };

/** The checks that count records wrong: drawn together on one scale in the trend. */
const COUNTED = ['students-without-complete-schedule', 'passed-courses-scheduled', 'seniors-missing-requirements', 'sections-over-capacity', 'gpa-reconciliation', 'open-urgent-tickets'];
const LINE_COLOURS = ['#b3261e', '#6a4c93', '#1565c0', '#2e7d32', '#8d6e00', '#37474f'];

/**
 * Go or No-Go from figures: the verdict, each check with its figure and threshold, the students
 * and sections behind each figure (opening their pages), and the trend over the last runs.
 */
export function ReadinessPage() {
  usePageTitle('Go-live readiness');
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const districtWide = (session.data?.user.roles ?? []).some((g) => g.role === 'district-admin' && g.schoolId === null);
  const { schoolId, picker } = useSchoolChoice({ wholeDistrict: 'The whole district', label: 'Report for' });
  const date = params.get('date') ?? '';
  const query = new URLSearchParams({ ...(schoolId !== null ? { school: String(schoolId) } : {}), ...(date ? { date } : {}) }).toString();
  const report = useQuery({
    queryKey: ['readiness', schoolId, date],
    enabled: districtWide || schoolId !== null,
    queryFn: ({ signal }) => apiGet<ReadinessReport>(`/api/readiness${query ? `?${query}` : ''}`, signal),
  });
  const history = useQuery({
    queryKey: ['readiness-history', schoolId, report.data?.run.id],
    enabled: report.data !== undefined,
    queryFn: ({ signal }) => apiGet<ReadinessHistory>(`/api/readiness/history${schoolId !== null ? `?school=${schoolId}` : ''}`, signal),
  });
  const choose = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const r = report.data;
  return (
    <>
      <h1>Go-live readiness{r?.run.school ? `: ${r.run.school.name}` : ''}</h1>
      <p className="lead">The decision to switch on is taken from figures. No evidence, no Go: a required check that could not be measured is not a pass.</p>
      {picker}
      <div className="toolbar">
        <div>
          <label htmlFor="readiness-date">Day judged</label>
          <input id="readiness-date" type="date" value={date} onChange={(e) => choose('date', e.target.value)} aria-describedby="readiness-date-hint" />
          <span id="readiness-date-hint" className="hint">
            Empty: the next school day
          </span>
        </div>
        <div>
          <button type="button" className="secondary" disabled={report.isFetching} onClick={() => void report.refetch()}>
            {report.isFetching ? 'Measuring…' : 'Measure again'}
          </button>
        </div>
      </div>
      {report.isPending && report.fetchStatus !== 'idle' ? <Loading what="the readiness report" /> : null}
      {report.error ? <ErrorNotice error={report.error} onRetry={() => void report.refetch()} /> : null}
      {r ? <Verdict report={r} /> : null}
      {r ? <Checks report={r} /> : null}
      {history.error ? <ErrorNotice error={history.error} onRetry={() => void history.refetch()} /> : null}
      {history.data && history.data.runs.length > 0 ? <Trend history={history.data} /> : null}
    </>
  );
}

function Verdict({ report }: { report: ReadinessReport }) {
  const blocking = report.checks.filter((c) => c.required && (c.status === 'fail' || c.status === 'unknown'));
  return (
    <section aria-labelledby="verdict" className={`notice ${report.verdict === 'go' ? 'notice-ok' : 'notice-error'}`} data-verdict={report.verdict}>
      <h2 id="verdict" className="notice-title">
        {report.verdict === 'go' ? 'Go' : 'No-Go'} for {formatDay(report.date)}
      </h2>
      <p>
        {report.verdict === 'go'
          ? 'Every required check passed.'
          : `${counted(blocking.length, 'required check')} did not pass: ${blocking.map((c) => c.title.toLowerCase()).join('; ')}.`}{' '}
        Measured {new Date(report.computedAt).toLocaleString()}, kept as run {report.run.id}.
      </p>
    </section>
  );
}

function Checks({ report }: { report: ReadinessReport }) {
  return (
    <section aria-labelledby="checks">
      <h2 id="checks">Checks</h2>
      <div className="table-wrap">
        <table data-list="readiness-checks">
          <caption className="visually-hidden">Each check with its status, figure and threshold</caption>
          <thead>
            <tr>
              <th scope="col">Check</th>
              <th scope="col">Status</th>
              <th scope="col">Figure</th>
              <th scope="col">Threshold</th>
              <th scope="col">Required</th>
            </tr>
          </thead>
          <tbody>
            {report.checks.map((c) => (
              <tr key={c.id} data-check={c.id} className={c.status === 'fail' || (c.required && c.status === 'unknown') ? 'exception' : undefined}>
                <th scope="row">{c.evidence.length > 0 && c.status !== 'pass' ? <a href={`#evidence-${c.id}`}>{c.title}</a> : c.title}</th>
                <td className={c.status === 'pass' ? 'status-met' : c.status === 'warn' ? 'badge-warn' : 'status-missing'}>{STATUS_WORDS[c.status]}</td>
                <td>{c.figure === null ? '—' : c.figure.toLocaleString()}</td>
                <td>{c.id === 'load-test' ? `at least ${c.threshold.toLocaleString()}` : `at most ${c.threshold.toLocaleString()}`}</td>
                <td>{c.required ? 'Yes' : 'No (advisory)'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.checks
        .filter((c) => c.status !== 'pass' && c.evidence.length > 0)
        .map((c) => (
          <section key={c.id} id={`evidence-${c.id}`} aria-labelledby={`evidence-title-${c.id}`} data-evidence={c.id}>
            <h3 id={`evidence-title-${c.id}`}>
              {c.title}: {c.figure === null ? 'why it is unknown' : `${c.evidenceCount.toLocaleString()} ${c.evidenceCount > c.evidence.length ? `(the first ${c.evidence.length} listed)` : ''}`}
            </h3>
            <ul>
              {c.evidence.map((e, i) => (
                <li key={i}>
                  <EvidenceItem evidence={e} />
                </li>
              ))}
            </ul>
          </section>
        ))}
    </section>
  );
}

function EvidenceItem({ evidence: e }: { evidence: Evidence }) {
  const parts: React.ReactNode[] = [];
  if (e.school) parts.push(e.school);
  if (e.student) parts.push(e.ref?.studentId !== undefined ? <Link to={`/students/${e.ref.studentId}`}>Student {e.student}</Link> : `Student ${e.student}`);
  if (e.section) parts.push(e.ref?.sectionId !== undefined ? <Link to={`/sections/${e.ref.sectionId}/roster`}>Section {e.section}</Link> : `Section ${e.section}`);
  if (e.detail) parts.push(e.detail);
  return (
    <>
      {parts.map((part, i) => (
        <span key={i}>
          {i > 0 ? ' · ' : null}
          {part}
        </span>
      ))}
    </>
  );
}

function Trend({ history }: { history: ReadinessHistory }) {
  const runs = history.runs;
  const checks = runs.at(-1)!.checks;
  const label = (run: ReadinessHistory['runs'][number]) => `${new Date(run.computedAt).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })}`;
  const data = runs.map((run) => ({ run: label(run), ...Object.fromEntries(run.checks.filter((c) => COUNTED.includes(c.id)).map((c) => [c.id, c.figure])) }));
  const drawn = checks.filter((c) => COUNTED.includes(c.id));
  return (
    <section aria-labelledby="trend">
      <h2 id="trend">Trend over the last {runs.length === 1 ? 'run' : `${runs.length} runs`}</h2>
      {/* The chart is for the eye; the table below holds the same figures for everyone, screen readers first. */}
      <div className="chart" aria-hidden="true">
        <LineChart width={760} height={280} data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="run" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          {drawn.map((c, i) => (
            <Line key={c.id} type="monotone" dataKey={c.id} name={c.title} stroke={LINE_COLOURS[i % LINE_COLOURS.length]} strokeWidth={2} connectNulls={false} isAnimationActive={false} />
          ))}
        </LineChart>
      </div>
      {/* Wide (a column a check): the region scrolls, so it takes the keyboard's focus to be scrolled. */}
      <div className="table-wrap" role="region" aria-label="Figures of the last runs" tabIndex={0}>
        <table data-list="readiness-trend">
          <caption>Each run's verdict and figures, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Day judged</th>
              <th scope="col">Verdict</th>
              {checks.map((c) => (
                <th scope="col" key={c.id}>
                  {c.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id}>
                <th scope="row">{label(run)}</th>
                <td>{formatDay(run.date)}</td>
                <td>{run.verdict === 'go' ? 'Go' : 'No-Go'}</td>
                {checks.map((c) => {
                  const figure = run.checks.find((x) => x.id === c.id);
                  return <td key={c.id}>{figure?.figure === null || figure === undefined ? '—' : figure.figure.toLocaleString()}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
