import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet } from '../api/client.ts';
import type { RunSummary, SchedulingRun } from '../api/records.ts';
import { counted } from '../format.ts';
import { ErrorNotice, Loading } from './ErrorNotice.tsx';

interface Comparison {
  runs: [SchedulingRun, SchedulingRun];
  studentsWithDifferentSchedules: number;
}

const FIGURES: Array<[string, (s: RunSummary) => string]> = [
  ['Complete schedules', (s) => `${s.studentsComplete ?? '—'} of ${s.students ?? '—'}`],
  ['Required requests met', (s) => `${s.requiredMet ?? '—'} of ${s.requiredTotal ?? '—'}`],
  ['All requests met', (s) => `${s.requestsMet ?? '—'} of ${s.requestsTotal ?? '—'}`],
  ['Students changed', (s) => String(s.studentsChanged ?? '—')],
  ['Seats added / dropped', (s) => `${s.seatsAdded ?? 0} / ${s.seatsDropped ?? 0}`],
  ['Score', (s) => (s.score === undefined ? '—' : s.score.toLocaleString())],
];

const label = (r: SchedulingRun) => `Run ${r.id}, ${new Date(r.requestedAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })} (${r.status})`;

/** Two runs of one school side by side: which gives more students a complete schedule, and how far apart they are. */
export function RunComparison({ runs }: { runs: SchedulingRun[] }) {
  // A discarded run keeps its figures but not its placements, so it cannot be compared student by student.
  const finished = runs.filter((r) => r.summary && ['preview', 'committed'].includes(r.status));
  const [a, setA] = useState<number | null>(null);
  const [b, setB] = useState<number | null>(null);
  const first = a ?? finished[0]?.id ?? null;
  const second = b ?? finished.find((r) => r.id !== first)?.id ?? null;
  const comparison = useQuery({
    queryKey: ['run-comparison', first, second],
    enabled: first !== null && second !== null && first !== second,
    queryFn: ({ signal }) => apiGet<Comparison>(`/api/scheduling-runs/${first}/compare/${second}`, signal),
  });
  if (finished.length < 2) return null;
  const picker = (id: string, text: string, value: number | null, set: (v: number) => void) => (
    <div>
      <label htmlFor={id}>{text}</label>
      <select id={id} value={value ?? ''} onChange={(e) => set(Number(e.target.value))}>
        {finished.map((r) => (
          <option key={r.id} value={r.id}>
            {label(r)}
          </option>
        ))}
      </select>
    </div>
  );
  const c = comparison.data;
  return (
    <section aria-labelledby="compare-h" className="panel run">
      <h3 id="compare-h">Compare two runs</h3>
      <div className="toolbar">
        {picker('compare-a', 'First run', first, setA)}
        {picker('compare-b', 'Second run', second, setB)}
      </div>
      {first === second ? <p className="hint">Choose two different runs.</p> : null}
      {comparison.isFetching && !c ? <Loading what="the comparison" /> : null}
      {comparison.error ? <ErrorNotice error={comparison.error} /> : null}
      {c && first !== second ? (
        <>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">The two runs' figures side by side</caption>
              <thead>
                <tr>
                  <th scope="col">Figure</th>
                  <th scope="col">Run {c.runs[0].id}</th>
                  <th scope="col">Run {c.runs[1].id}</th>
                </tr>
              </thead>
              <tbody>
                {FIGURES.map(([name, value]) => (
                  <tr key={name}>
                    <th scope="row">{name}</th>
                    <td>{c.runs[0].summary ? value(c.runs[0].summary) : '—'}</td>
                    <td>{c.runs[1].summary ? value(c.runs[1].summary) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p role="status">{counted(c.studentsWithDifferentSchedules, 'student has', 'students have')} a different schedule in the two runs.</p>
        </>
      ) : null}
    </section>
  );
}
