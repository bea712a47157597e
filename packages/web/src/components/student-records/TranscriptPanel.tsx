import { LETTER_MARKS, NON_LETTER_MARKS } from '@homeroom/core/formats/transcript';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useId, useState } from 'react';
import { apiDownload, apiGet, apiSend } from '../../api/client.ts';
import type { Transcript, TranscriptEntry } from '../../api/records.ts';
import { ErrorNotice, Loading } from '../ErrorNotice.tsx';
import { MarkFromElsewhereForm } from '../MarkFromElsewhereForm.tsx';

const gpa = (value: number | null | undefined) => (value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(2));

export function TranscriptPanel({ studentId, mayCorrect }: { studentId: number; mayCorrect: boolean }) {
  const transcript = useQuery({ queryKey: ['transcript', studentId], queryFn: ({ signal }) => apiGet<Transcript>(`/api/students/${studentId}/transcript`, signal) });
  const [explained, setExplained] = useState<number | null>(null);
  const [correcting, setCorrecting] = useState<TranscriptEntry | null>(null);
  const [adding, setAdding] = useState(false);
  const [done, setDone] = useState('');
  if (transcript.isPending) return <Loading what="the transcript" />;
  if (transcript.error) return <ErrorNotice error={transcript.error} onRetry={() => void transcript.refetch()} />;
  const t = transcript.data;
  const years = [...new Set(t.terms.map((term) => term.schoolYear))];
  return (
    <>
      {mayCorrect ? <OfficialTranscriptDownload studentId={studentId} localId={t.student.localId} /> : null}
      <h3>GPA and credits</h3>
      <dl className="figures">
        <div>
          <dt>District GPA (weighted)</dt>
          <dd>{gpa(t.gpa.district.weighted)}</dd>
        </div>
        <div>
          <dt>District GPA (unweighted)</dt>
          <dd>{gpa(t.gpa.district.unweighted)}</dd>
        </div>
        <div>
          <dt>UC GPA (weighted, capped)</dt>
          <dd>{gpa(t.gpa.uc.weightedCapped)}</dd>
        </div>
        <div>
          <dt>CSU GPA (weighted)</dt>
          <dd>{gpa(t.gpa.csu.weighted)}</dd>
        </div>
        <div>
          <dt>Credits earned / attempted</dt>
          <dd>
            {t.gpa.credits.earned} / {t.gpa.credits.attempted}
          </dd>
        </div>
        <div>
          <dt>Class rank</dt>
          <dd>{t.classRank ? `${t.classRank.rank} of ${t.classRank.of}` : '—'}</dd>
        </div>
      </dl>
      <p className="hint">
        UC and CSU count only A-G marks from the summer after grade 9 through grade 11. {t.classRank ? `Rank by ${t.classRank.basis}.` : 'No class rank has been computed for this student yet.'} Choose “Why?” on a mark to see how each GPA counted it.
      </p>
      {done ? (
        <p className="notice notice-ok" role="status">
          {done}
        </p>
      ) : null}
      {mayCorrect && !adding && !correcting ? (
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setDone('');
            setAdding(true);
          }}
        >
          Add a transfer, summer-school or older mark
        </button>
      ) : null}
      {adding ? (
        <MarkFromElsewhereForm
          studentId={studentId}
          onDone={(message) => {
            setAdding(false);
            setDone(message);
          }}
        />
      ) : null}
      {correcting ? (
        <CorrectMarkForm
          studentId={studentId}
          entry={correcting}
          onDone={(message) => {
            setCorrecting(null);
            setDone(message);
          }}
        />
      ) : null}
      {years.length === 0 ? <p>No marks are on the transcript yet.</p> : null}
      {years.map((year) => {
        const terms = t.terms.filter((term) => term.schoolYear === year);
        const credits = terms.flatMap((term) => term.entries).reduce((sum, e) => sum + e.credits, 0);
        return (
          <div key={year} className="table-wrap">
            <table className="transcript">
              <caption>
                {year} <span className="muted">— {credits} credits</span>
              </caption>
              <thead>
                <tr>
                  <th scope="col">Term</th>
                  <th scope="col">Course</th>
                  <th scope="col">Mark</th>
                  <th scope="col" className="number">
                    Credits
                  </th>
                  <th scope="col">A-G</th>
                  <th scope="col">Grade, school</th>
                  <th scope="col">
                    <span className="visually-hidden">Explanation and correction</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {terms.flatMap((term) =>
                  term.entries.map((e) => (
                    <Fragment key={e.entryId}>
                      <tr>
                        <td>{term.term}</td>
                        <th scope="row">
                          {e.title} <span className="muted">{e.course}</span>
                        </th>
                        <td>
                          {e.mark}
                          {e.corrected ? <span className="tag">corrected</span> : null}
                        </td>
                        <td className="number">{e.credits}</td>
                        <td>{e.ag ? e.ag.toUpperCase() : '—'}</td>
                        <td>
                          {e.grade}, {e.school ?? '—'}
                        </td>
                        <td className="row-actions">
                          <button type="button" className="secondary small" aria-expanded={explained === e.entryId} onClick={() => setExplained(explained === e.entryId ? null : e.entryId)}>
                            Why?<span className="visually-hidden"> How {e.title} {term.term} counts in each GPA</span>
                          </button>
                          {mayCorrect ? (
                            <button type="button" className="secondary small" onClick={() => setCorrecting(e)}>
                              Correct<span className="visually-hidden"> the mark in {e.title}, {year} {term.term}</span>
                            </button>
                          ) : null}
                        </td>
                      </tr>
                      {explained === e.entryId && e.explanation ? (
                        <tr className="explanation">
                          <td colSpan={7}>
                            <dl className="facts compact">
                              <dt>District GPA</dt>
                              <dd>{e.explanation.district}</dd>
                              <dt>UC GPA</dt>
                              <dd>{e.explanation.uc}</dd>
                              <dt>CSU GPA</dt>
                              <dd>{e.explanation.csu}</dd>
                            </dl>
                          </td>
                        </tr>
                      ) : null}
                    </Fragment>
                  )),
                )}
              </tbody>
            </table>
          </div>
        );
      })}
      <h3>In progress</h3>
      {t.inProgress.length === 0 ? (
        <p>No courses in progress.</p>
      ) : (
        <ul>
          {t.inProgress.map((c) => (
            <li key={`${c.course}-${c.term}`}>
              {c.title} ({c.course}), {c.schoolYear} {c.term}: {c.credits} credits when passed
            </li>
          ))}
        </ul>
      )}
      <h3>Corrections</h3>
      {t.corrections.length === 0 ? (
        <p>No mark has been corrected.</p>
      ) : (
        <ul>
          {t.corrections.map((c) => (
            <li key={c.entryId}>
              {c.course}, {c.term}: {c.from} changed to {c.to} on {new Date(c.at).toLocaleDateString()} — {c.reason ?? 'no reason given'}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The official transcript as a PDF: the same figures as this tab, laid out to be sent or kept. */
function OfficialTranscriptDownload({ studentId, localId }: { studentId: number; localId: string }) {
  const download = useMutation({ mutationFn: () => apiDownload(`/api/students/${studentId}/transcript/document`, 'application/pdf', `transcript-${localId}.pdf`) });
  return (
    <div className="actions">
      <button type="button" onClick={() => download.mutate()} disabled={download.isPending}>
        {download.isPending ? 'Preparing the PDF…' : 'Download PDF'}
      </button>
      {download.error ? <ErrorNotice error={download.error} /> : null}
    </div>
  );
}

/** Every mark a transcript may hold, as the core defines them. */
const MARKS = [...LETTER_MARKS, ...NON_LETTER_MARKS];

function CorrectMarkForm({ studentId, entry, onDone }: { studentId: number; entry: TranscriptEntry; onDone: (message: string) => void }) {
  const client = useQueryClient();
  const ids = useId();
  const [mark, setMark] = useState(entry.mark);
  const [reason, setReason] = useState('');
  const save = useMutation({
    mutationFn: () => apiSend(`POST`, `/api/students/${studentId}/transcript-entries/${entry.entryId}/corrections`, { mark, reason: reason.trim() }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['transcript', studentId] });
      await client.invalidateQueries({ queryKey: ['graduation-audit', studentId] });
      onDone(`The mark in ${entry.title} is now ${mark}. The GPAs are recomputed and the correction is listed with your reason.`);
    },
  });
  return (
    <form
      className="panel editor"
      aria-labelledby={`${ids}-t`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h3 id={`${ids}-t`}>
        Correct the mark in {entry.title} (now {entry.mark})
      </h3>
      {save.error ? <ErrorNotice error={save.error} /> : null}
      <label htmlFor={`${ids}-mark`}>New mark</label>
      {/* The form opens above the year tables: focus moves to it so the person is taken there. */}
      <select id={`${ids}-mark`} value={mark} autoFocus onChange={(e) => setMark(e.target.value)}>
        {MARKS.map((m) => (
          <option key={m}>{m}</option>
        ))}
      </select>
      <label htmlFor={`${ids}-reason`}>Reason for the correction</label>
      <input id={`${ids}-reason`} required minLength={5} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby={`${ids}-hint`} />
      <p id={`${ids}-hint`} className="hint">
        For example “teacher’s grade change form of March 3”. It is kept with the correction and shown on the transcript.
      </p>
      <div className="actions">
        <button type="submit" className="primary" disabled={mark === entry.mark || save.isPending}>
          {save.isPending ? 'Saving…' : 'Save the correction'}
        </button>
        <button type="button" className="secondary" onClick={() => onDone('')}>
          Cancel
        </button>
      </div>
    </form>
  );
}
