import { LETTER_MARKS, NON_LETTER_MARKS } from '@homeroom/core/formats/transcript';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { apiGet, apiSend } from '../api/client.ts';
import type { SectionMarks } from '../api/records.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { formatDay, studentName, todayIso } from '../format.ts';
import { useMySections } from './MySectionsPage.tsx';

/** No mark yet, then the core's marks but W: a withdrawal is recorded by the office, not entered by the teacher. */
const MARKS = ['', ...LETTER_MARKS, ...NON_LETTER_MARKS.filter((m) => m !== 'W')];

/** Marks for one section and grading period: enter, save (PUT), and for a final period post to transcripts. */
export function MarksPage() {
  const { sectionId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const sections = useMySections();
  usePageTitle('Marks');
  const periods = sections.data?.gradingPeriods ?? [];
  const chosen = Number(params.get('period')) || periods.find((p) => !p.final)?.id || periods[0]?.id || null;
  return (
    <>
      <h1>Marks</h1>
      <p>
        <Link to="/sections">Back to my sections</Link>
      </p>
      {sections.error ? <ErrorNotice error={sections.error} /> : null}
      {periods.length > 0 ? (
        <div className="toolbar">
          <div>
            <label htmlFor="grading-period">Grading period</label>
            <select id="grading-period" value={chosen ?? ''} onChange={(e) => setParams({ period: e.target.value }, { replace: true })}>
              {periods.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({p.code}){p.due ? `, due ${formatDay(p.due)}` : ''}
                </option>
              ))}
            </select>
          </div>
        </div>
      ) : null}
      {chosen ? <MarkSheet key={`${sectionId}:${chosen}`} sectionId={sectionId} gradingPeriodId={chosen} /> : sections.isPending ? <Loading what="the grading periods" /> : null}
    </>
  );
}

function MarkSheet({ sectionId, gradingPeriodId }: { sectionId: string; gradingPeriodId: number }) {
  const client = useQueryClient();
  const url = `/api/sections/${encodeURIComponent(sectionId)}/marks/${gradingPeriodId}`;
  const sheet = useQuery({ queryKey: ['marks', sectionId, gradingPeriodId], queryFn: ({ signal }) => apiGet<SectionMarks>(url, signal), staleTime: Infinity });
  const [edits, setEdits] = useState<Record<number, string>>({});
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState('');
  const save = useMutation({
    mutationFn: () =>
      apiSend<{ entered: number; changed: number }>('PUT', url, {
        marks: Object.entries(edits)
          .filter(([, mark]) => mark)
          .map(([studentId, mark]) => ({ studentId: Number(studentId), mark })),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      }),
    onSuccess: async (result) => {
      setEdits({});
      setStatus(`Saved at ${new Date().toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })}: ${result.entered} entered, ${result.changed} changed.`);
      await client.invalidateQueries({ queryKey: ['marks', sectionId, gradingPeriodId] });
    },
  });
  const post = useMutation({
    mutationFn: () => apiSend<{ posted: number; alreadyPosted: number; missingMarks: unknown[] }>('POST', `${url}/post`),
    onSuccess: (result) =>
      setStatus(`Posted ${result.posted} final marks to transcripts${result.alreadyPosted ? ` (${result.alreadyPosted} were already posted)` : ''}.${result.missingMarks.length === 1 ? ' 1 student has no mark yet.' : result.missingMarks.length ? ` ${result.missingMarks.length} students have no mark yet.` : ''}`),
  });
  if (sheet.isPending) return <Loading what="the marks" />;
  if (sheet.error) return <ErrorNotice error={sheet.error} onRetry={() => void sheet.refetch()} />;
  const { section, gradingPeriod, students } = sheet.data;
  const pending = Object.values(edits).filter(Boolean).length;
  const pastDue = gradingPeriod.due !== null && gradingPeriod.due < todayIso();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (pending > 0) save.mutate();
      }}
    >
      <h2>
        {section.code}: {gradingPeriod.name} <span className="muted">{gradingPeriod.term}</span>
      </h2>
      {gradingPeriod.due ? <p className="hint">Marks due {formatDay(gradingPeriod.due)}.{pastDue ? ' The due date has passed: a change needs a reason.' : ''}</p> : null}
      <div className="table-wrap">
        <table className="marks-table">
          <caption className="visually-hidden">
            Marks for {section.code}, {gradingPeriod.name}
          </caption>
          <thead>
            <tr>
              <th scope="col">Student</th>
              <th scope="col">Student ID</th>
              <th scope="col">Mark</th>
              <th scope="col">Entered</th>
            </tr>
          </thead>
          <tbody>
            {students.map((s) => {
              const id = `mark-${s.studentId}`;
              const value = edits[s.studentId] ?? s.mark ?? '';
              return (
                <tr key={s.studentId}>
                  <th scope="row">
                    <label htmlFor={id}>{studentName(s.name)}</label>
                    {s.left ? <span className="muted"> — left {formatDay(s.left)}</span> : null}
                  </th>
                  <td>{s.localId}</td>
                  <td>
                    <select id={id} value={value} onChange={(e) => setEdits({ ...edits, [s.studentId]: e.target.value })}>
                      {MARKS.map((m) => (
                        <option key={m} value={m}>
                          {m || 'No mark'}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{s.enteredAt ? new Date(s.enteredAt).toLocaleDateString() : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {pastDue ? (
        <>
          <label htmlFor="marks-reason">Reason for changes after the due date</label>
          <input id="marks-reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
        </>
      ) : null}
      {save.error ? <ErrorNotice error={save.error} /> : null}
      {post.error ? <ErrorNotice error={post.error} /> : null}
      <div className="save-bar">
        <button type="submit" className="primary" disabled={pending === 0 || save.isPending}>
          {save.isPending ? 'Saving…' : `Save ${pending || ''} marks`.replace('  ', ' ')}
        </button>
        {gradingPeriod.final ? (
          <button type="button" disabled={pending > 0 || post.isPending} onClick={() => post.mutate()} title={pending > 0 ? 'Save your marks first' : undefined}>
            Post final marks to transcripts
          </button>
        ) : null}
        <span role="status" className="save-status">
          {status ? <span className="ok">{status}</span> : pending > 0 ? <span className="warn">{pending} not saved yet</span> : null}
        </span>
      </div>
    </form>
  );
}
