import { LETTER_MARKS, NON_LETTER_MARKS } from '@homeroom/core/formats/transcript';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useId, useRef, useState } from 'react';
import { ApiProblem, apiDownload, apiGet, apiRequest, apiSend } from '../api/client.ts';
import type { CourseRefusal, CourseRequest, CourseRequestProposals, CourseRequests, GraduationAudit, RequirementStatus, ScheduleChangeResult, ScheduleReport, Transcript, TranscriptEntry } from '../api/records.ts';
import type { StudentProfile } from '../api/types.ts';
import { CourseRuleOverride, courseRefusalsOf, overrideOf } from './CourseRuleOverride.tsx';
import { ErrorNotice, Loading } from './ErrorNotice.tsx';
import { MarkFromElsewhereForm } from './MarkFromElsewhereForm.tsx';
import { requirementSets } from '@homeroom/core/graduation/requirement-sets';

const TABS = [
  { id: 'transcript', label: 'Transcript' },
  { id: 'graduation', label: 'Graduation audit' },
  { id: 'requests', label: 'Course requests' },
  { id: 'schedule-change', label: 'Schedule change' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/**
 * The academic record under the profile: transcript, graduation audit, course requests and (for
 * counselors and administrators) a schedule change. Tabs so that each part is loaded, and each
 * read audited, only when someone opens it.
 */
export function StudentRecords({ student, mayChange, schoolId }: { student: StudentProfile; mayChange: boolean; schoolId: number | null }) {
  const tabs = TABS.filter((t) => t.id !== 'schedule-change' || (mayChange && schoolId !== null));
  const [open, setOpen] = useState<TabId | null>(null);
  const ids = useId();
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const onKey = (event: React.KeyboardEvent, index: number) => {
    const move = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!move) return;
    event.preventDefault();
    const next = (index + move + tabs.length) % tabs.length;
    setOpen(tabs[next]!.id);
    buttons.current[next]?.focus();
  };
  return (
    <section aria-labelledby={`${ids}-records`} className="records">
      <h2 id={`${ids}-records`}>Academic record</h2>
      <div role="tablist" aria-label="Academic record" className="tabs">
        {tabs.map((tab, i) => (
          <button
            key={tab.id}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${ids}-tab-${tab.id}`}
            aria-selected={open === tab.id}
            aria-controls={`${ids}-panel-${tab.id}`}
            tabIndex={open === tab.id || (open === null && i === 0) ? 0 : -1}
            onClick={() => setOpen(tab.id)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {open === null ? <p className="hint">Choose a part of the record to open it. Each opening is recorded in the student’s access log.</p> : null}
      {open ? (
        <div role="tabpanel" id={`${ids}-panel-${open}`} aria-labelledby={`${ids}-tab-${open}`} className="tab-panel">
          {open === 'transcript' ? <TranscriptPanel studentId={student.id} mayCorrect={mayChange} /> : null}
          {open === 'graduation' ? <GraduationPanel studentId={student.id} /> : null}
          {open === 'requests' ? <CourseRequestsPanel studentId={student.id} mayChange={mayChange} /> : null}
          {open === 'schedule-change' && schoolId !== null ? <ScheduleChangePanel student={student} schoolId={schoolId} /> : null}
        </div>
      ) : null}
    </section>
  );
}

const gpa = (value: number | null | undefined) => (value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(2));

function TranscriptPanel({ studentId, mayCorrect }: { studentId: number; mayCorrect: boolean }) {
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

const STATUS_WORDS: Record<string, string> = { met: 'Met', in_progress: 'In progress', missing: 'Missing' };
/** A requirement's title as its set names it (the core's sets), for requirements the summary does not list as missing. */
function requirementTitle(setName: string, id: string): string | undefined {
  return requirementSets.has(setName) ? requirementSets.get(setName).requirements.find((r) => r.id === id)?.title : undefined;
}

function Status({ status }: { status: RequirementStatus | undefined }) {
  if (!status) return <span className="muted">does not apply</span>;
  return <span className={`status status-${status.status}`}>{STATUS_WORDS[status.status] ?? status.status}</span>;
}

export function GraduationPanel({ studentId }: { studentId: number }) {
  const audit = useQuery({ queryKey: ['graduation-audit', studentId], queryFn: ({ signal }) => apiGet<GraduationAudit>(`/api/students/${studentId}/graduation-audit`, signal) });
  if (audit.isPending) return <Loading what="the graduation audit" />;
  if (audit.error) return <ErrorNotice error={audit.error} onRetry={() => void audit.refetch()} />;
  const { audit: a, summary } = audit.data;
  const title = (id: string) => summary.missing.find((m) => m.requirement === id)?.title ?? requirementTitle(a.requirementSet, id) ?? id;
  return (
    <>
      <h3>Verdicts</h3>
      <ul className="verdicts">
        <li>
          Diploma: <strong>{summary.diplomaMet ? 'requirements met' : 'not yet met'}</strong>
        </li>
        <li>
          A-G (UC/CSU): <strong>{summary.agMet ? 'course pattern complete' : 'not yet complete'}</strong>
        </li>
        <li>
          Credits for the grade: <strong>{summary.onTrack ? 'on track' : 'not on track'}</strong>
        </li>
        <li data-testid="on-schedule">
          On schedule to graduate: <strong>{summary.onScheduleToGraduate ? 'yes — every missing requirement is in progress' : 'no'}</strong>
        </li>
      </ul>
      {summary.missing.length > 0 ? (
        <p>
          Still needed: {summary.missing.map((m) => `${m.title} (${STATUS_WORDS[m.status]?.toLowerCase() ?? m.status}${m.needed > 0 ? `, ${m.needed} credits to go` : ''})`).join('; ')}.
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="audit-table">
          <caption>Requirements of {summary.requirementSet}: credits earned, in progress and still needed</caption>
          <thead>
            <tr>
              <th scope="col">Requirement</th>
              <th scope="col">Diploma</th>
              <th scope="col">A-G</th>
              <th scope="col" className="number">
                Earned
              </th>
              <th scope="col" className="number">
                In progress
              </th>
              <th scope="col" className="number">
                Needed
              </th>
              <th scope="col">Courses counted</th>
            </tr>
          </thead>
          <tbody>
            {a.requirements.map((r) => {
              const main = r.diploma ?? r.ag!;
              return (
                <tr key={r.id} data-requirement={r.id}>
                  <th scope="row">{title(r.id)}</th>
                  <td>
                    <Status status={r.diploma} />
                  </td>
                  <td>
                    <Status status={r.ag} />
                  </td>
                  <td className="number">{main.earned}</td>
                  <td className="number">{main.inProgress}</td>
                  <td className="number">{main.needed}</td>
                  <td className="courses">{main.courses.join(', ') || '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function CourseRequestsPanel({ studentId, mayChange }: { studentId: number; mayChange: boolean }) {
  const client = useQueryClient();
  const requests = useQuery({ queryKey: ['course-requests', studentId], queryFn: ({ signal }) => apiGet<CourseRequests>(`/api/students/${studentId}/course-requests`, signal) });
  const [preview, setPreview] = useState<CourseRequestProposals | null>(null);
  const [message, setMessage] = useState('');
  const generate = useMutation({
    mutationFn: (dryRun: boolean) => apiSend<CourseRequestProposals>('POST', `/api/students/${studentId}/course-requests/generate`, { dryRun }),
    onSuccess: async (result) => {
      if (result.saved) {
        setPreview(null);
        setMessage(`Saved ${result.proposals.length} proposed ${result.proposals.length === 1 ? 'request' : 'requests'} for ${result.schoolYear}.`);
        await client.invalidateQueries({ queryKey: ['course-requests', studentId] });
      } else {
        setMessage('');
        setPreview(result);
      }
    },
  });
  if (requests.isPending) return <Loading what="the course requests" />;
  if (requests.error) return <ErrorNotice error={requests.error} onRetry={() => void requests.refetch()} />;
  const r = requests.data;
  return (
    <>
      <h3>Requests for {r.schoolYear}</h3>
      {message ? (
        <p className="notice notice-ok" role="status">
          {message}
        </p>
      ) : null}
      {r.items.length === 0 ? <p>No course requests for {r.schoolYear} yet.</p> : null}
      {r.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Course requests for {r.schoolYear}</caption>
            <thead>
              <tr>
                <th scope="col">Course</th>
                <th scope="col">Required</th>
                <th scope="col">Priority</th>
                <th scope="col">Why</th>
                {mayChange ? <th scope="col">Change</th> : null}
              </tr>
            </thead>
            <tbody>
              {r.items.map((item) => (
                <RequestRow key={`${item.id}-${item.version}`} studentId={studentId} item={item} mayChange={mayChange} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {mayChange ? (
        <div className="panel proposals">
          <h3>Propose requests from the graduation audit</h3>
          <p className="hint">See the proposals first; saving them replaces earlier proposals from the audit (requests the student chose stay).</p>
          {generate.error ? <ErrorNotice error={generate.error} /> : null}
          <button type="button" onClick={() => generate.mutate(true)} disabled={generate.isPending}>
            Preview proposals
          </button>
          {preview ? (
            <>
              {preview.proposals.length === 0 ? <p>The audit proposes nothing: every requirement is met or in progress.</p> : null}
              <ul>
                {preview.proposals.map((p) => (
                  <li key={p.course}>
                    <strong>{p.course}</strong> — {p.required ? 'required' : 'optional'}, priority {p.priority}: {p.reason}
                  </li>
                ))}
              </ul>
              {preview.proposals.length > 0 ? (
                <button type="button" className="primary" onClick={() => generate.mutate(false)} disabled={generate.isPending}>
                  {preview.proposals.length === 1 ? 'Save this proposal' : `Save these ${preview.proposals.length} proposals`}
                </button>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

export function RequestRow({ studentId, item, mayChange }: { studentId: number; item: CourseRequest; mayChange: boolean }) {
  const client = useQueryClient();
  const ids = useId();
  const [required, setRequired] = useState(item.required);
  const [priority, setPriority] = useState(item.priority);
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState('');
  const save = useMutation({
    mutationFn: () =>
      apiRequest(`/api/students/${studentId}/course-requests/${item.id}`, { method: 'PATCH', body: { required, priority, reason: reason.trim(), override: overrideOf(override) }, headers: { 'if-match': `"${item.version}"` } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['course-requests', studentId] }),
  });
  const stale = save.error instanceof ApiProblem && save.error.status === 412;
  // A course passed or a prerequisite missing: the counselor may keep the request with a reason.
  const refusals = courseRefusalsOf(save.error);
  const changed = required !== item.required || priority !== item.priority;
  return (
    <tr>
      <th scope="row">
        {item.title ?? item.course} <span className="muted">{item.course}</span>
      </th>
      <td>
        {mayChange ? (
          <span className="checkbox inline">
            <input id={`${ids}-req`} type="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} />
            <label htmlFor={`${ids}-req`}>
              Required<span className="visually-hidden"> for {item.title ?? item.course}</span>
            </label>
          </span>
        ) : item.required ? (
          'Required'
        ) : (
          'Optional'
        )}
      </td>
      <td>
        {mayChange ? (
          <>
            <label htmlFor={`${ids}-pri`} className="visually-hidden">
              Priority of {item.title ?? item.course}
            </label>
            <input id={`${ids}-pri`} type="number" min={1} max={99} value={priority} className="narrow" onChange={(e) => setPriority(Number(e.target.value) || 1)} />
          </>
        ) : (
          item.priority
        )}
      </td>
      <td>
        {item.reason ?? item.source}
        {item.overrideReason ? <span className="muted"> (course rules overridden: {item.overrideReason})</span> : null}
      </td>
      {mayChange ? (
        <td>
          {changed ? (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                save.mutate();
              }}
            >
              <label htmlFor={`${ids}-why`} className="visually-hidden">
                Reason for changing {item.title ?? item.course}
              </label>
              <input id={`${ids}-why`} placeholder="Reason" required minLength={3} value={reason} onChange={(e) => setReason(e.target.value)} />
              <button type="submit" className="primary" disabled={save.isPending || (refusals.length > 0 && !overrideOf(override))}>
                {refusals.length > 0 ? 'Save with the override' : 'Save'}
              </button>
            </form>
          ) : (
            <span className="muted">—</span>
          )}
          {refusals.length > 0 ? (
            <CourseRuleOverride refusals={refusals} reason={override} onReason={setOverride} />
          ) : save.error ? (
            <ErrorNotice error={save.error}>
              {stale ? (
                <button type="button" onClick={() => void client.invalidateQueries({ queryKey: ['course-requests', studentId] })}>
                  Reload the requests
                </button>
              ) : null}
            </ErrorNotice>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}

/**
 * Drop/add for one student. "Check" asks the server for a dry run (clashes, seats) and only a clean
 * check can be saved, so a counselor never saves a change whose consequences they have not seen.
 */
export function ScheduleChangePanel({ student, schoolId }: { student: StudentProfile; schoolId: number }) {
  const client = useQueryClient();
  const ids = useId();
  const report = useQuery({ queryKey: ['schedule-report', schoolId], queryFn: ({ signal }) => apiGet<ScheduleReport>(`/api/schools/${schoolId}/schedule-report`, signal) });
  const [add, setAdd] = useState<number[]>([]);
  const [drop, setDrop] = useState<number[]>([]);
  const [reason, setReason] = useState('');
  const [check, setCheck] = useState<ScheduleChangeResult | null>(null);
  const [saved, setSaved] = useState('');
  // What the course rules refused at the last check, kept while the counselor writes an override.
  const [refusals, setRefusals] = useState<CourseRefusal[]>([]);
  const [override, setOverride] = useState('');
  const body = (dryRun: boolean) => ({ add, drop, reason: reason.trim(), dryRun, override: refusals.length ? overrideOf(override) : undefined });
  const dryRun = useMutation({
    mutationFn: () => apiSend<ScheduleChangeResult>('POST', `/api/students/${student.id}/schedule-changes`, body(true)),
    onSuccess: (result) => {
      setSaved('');
      setCheck(result);
      setRefusals(result.refusals ?? []);
    },
  });
  const save = useMutation({
    mutationFn: () => apiSend<ScheduleChangeResult>('POST', `/api/students/${student.id}/schedule-changes`, body(false)),
    onError: (error) => {
      const refused = courseRefusalsOf(error);
      if (refused.length) setRefusals(refused);
    },
    onSuccess: async (result) => {
      if (!result.saved) {
        setCheck(result);
        return;
      }
      setCheck(null);
      setRefusals([]);
      setOverride('');
      setAdd([]);
      setDrop([]);
      setReason('');
      setSaved('Saved. The schedule, the graduation audit and the school’s lists now include this change.');
      await Promise.all(['student', 'graduation-audit', 'transcript', 'schedule-report', 'graduation-list'].map((key) => client.invalidateQueries({ queryKey: [key] })));
    },
  });
  const current = new Set(student.schedule.sections.map((s) => s.sectionId));
  const toggle = (list: number[], set: (v: number[]) => void, id: number) => {
    setCheck(null);
    setRefusals([]);
    set(list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);
  };
  const refusalMessages = new Set((check?.refusals ?? []).map((r) => r.message));
  if (report.isPending) return <Loading what="the school’s sections" />;
  if (report.error) return <ErrorNotice error={report.error} onRetry={() => void report.refetch()} />;
  const offered = report.data.sectionFill.filter((s) => !current.has(s.sectionId)).sort((a, b) => (a.title ?? a.course).localeCompare(b.title ?? b.course) || (a.section ?? '').localeCompare(b.section ?? ''));
  const nothingChosen = add.length + drop.length === 0;
  return (
    <form
      aria-labelledby={`${ids}-t`}
      onSubmit={(e) => {
        e.preventDefault();
        dryRun.mutate();
      }}
    >
      <h3 id={`${ids}-t`}>Change {student.name.first}’s schedule</h3>
      <p className="hint">Choose sections to drop and to add, then check: you will see clashes and seats before anything is saved.</p>
      {saved ? (
        <p className="notice notice-ok" role="status">
          {saved}
        </p>
      ) : null}
      <div className="change-columns">
        <fieldset>
          <legend>Drop</legend>
          {student.schedule.sections.length === 0 ? <p>No classes on the schedule now.</p> : null}
          {student.schedule.sections.map((s) => (
            <div className="checkbox" key={s.sectionId}>
              <input id={`${ids}-drop-${s.sectionId}`} type="checkbox" checked={drop.includes(s.sectionId)} onChange={() => toggle(drop, setDrop, s.sectionId)} />
              <label htmlFor={`${ids}-drop-${s.sectionId}`}>
                {s.section} — {s.course.title} ({s.slots.join(', ') || 'no periods'})
              </label>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>Add</legend>
          {offered.map((s) => (
            <div className="checkbox" key={s.sectionId}>
              <input id={`${ids}-add-${s.sectionId}`} type="checkbox" checked={add.includes(s.sectionId)} onChange={() => toggle(add, setAdd, s.sectionId)} />
              <label htmlFor={`${ids}-add-${s.sectionId}`}>
                {s.section ?? `Section ${s.sectionId}`} — {s.title ?? s.course} ({s.slots.join(', ') || 'no periods'}), {s.enrolled} of {s.capacity} seats taken
              </label>
            </div>
          ))}
        </fieldset>
      </div>
      <label htmlFor={`${ids}-reason`}>Reason</label>
      <input id={`${ids}-reason`} required minLength={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby={`${ids}-rh`} />
      <p id={`${ids}-rh`} className="hint">
        For example “needs Economics to graduate”. It is kept with the change.
      </p>
      {refusals.length > 0 ? (
        <CourseRuleOverride
          refusals={refusals}
          reason={override}
          onReason={(value) => {
            // A new reason needs a new check: only a clean check can be saved.
            setCheck(null);
            setOverride(value);
          }}
        />
      ) : null}
      {dryRun.error ? <ErrorNotice error={dryRun.error} /> : null}
      {save.error && courseRefusalsOf(save.error).length === 0 ? <ErrorNotice error={save.error} /> : null}
      <div className="actions">
        <button type="submit" disabled={nothingChosen || dryRun.isPending}>
          Check clashes and seats
        </button>
        <button type="button" className="primary" disabled={!check?.ok || save.isPending} onClick={() => save.mutate()}>
          {save.isPending ? 'Saving…' : 'Save the change'}
        </button>
      </div>
      {check ? (
        <div className={`notice ${check.ok ? 'notice-ok' : 'notice-warn'}`} role="status">
          <p className="notice-title">{check.ok ? (check.refusals?.length ? 'No clashes, and there are seats. You can save with the override.' : 'No clashes, and there are seats. You can save.') : check.overridable && check.problems.every((p) => refusalMessages.has(p)) ? 'No clashes, and there are seats, but the course rules refuse this: write a reason to override, then check again.' : 'This change cannot be saved as it is.'}</p>
          {check.problems.some((p) => !refusalMessages.has(p)) ? (
            <ul>
              {check.problems.filter((p) => !refusalMessages.has(p)).map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
          {check.seats.length > 0 ? (
            <p>
              Seats: {check.seats.map((s) => `${s.section} ${s.taken} of ${s.capacity} taken${s.full ? ' (full)' : ''}`).join('; ')}.
            </p>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
