import { AG_AREAS, HONORS_KINDS, LETTER_MARKS, NON_LETTER_MARKS, SUBJECTS, TERMS as TERM_CODES, type AgArea, type HonorsKind, type Term } from '@homeroom/core/formats/transcript';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { apiSend } from '../api/client.ts';
import { todayIso } from '../format.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

const SOURCES = [
  { value: 'transfer', label: 'Transfer: earned at another school' },
  { value: 'summer', label: 'Summer school' },
  { value: 'historical', label: 'Older record typed in from paper' },
] as const;
// The choices are the core's lists; a code the core adds without a label here fails the type-check.
const TERM_LABELS: Record<Term, string> = { S1: 'Fall semester (S1)', S2: 'Spring semester (S2)', SU: 'Summer (SU)' };
const TERMS = TERM_CODES.map((value) => ({ value, label: TERM_LABELS[value] }));
/** Every mark a transcript may hold, as the core defines them. */
const MARKS = [...LETTER_MARKS, ...NON_LETTER_MARKS];
const AG_LABELS: Record<AgArea, string> = {
  a: 'History',
  b: 'English',
  c: 'Mathematics',
  d: 'Laboratory science',
  e: 'Language other than English',
  f: 'Visual and performing arts',
  g: 'College-preparatory elective',
};
const AG = [['', 'Not an A–G course'], ...AG_AREAS.map((area) => [area, `${area} — ${AG_LABELS[area]}`])] as const;
const HONORS_LABELS: Record<HonorsKind, string> = { none: 'None', honors: 'Honors', ap: 'Advanced Placement', ib: 'International Baccalaureate', college: 'College course' };
const HONORS = HONORS_KINDS.map((kind) => [kind, HONORS_LABELS[kind]] as const);

/** The school year a mark most likely belongs to: the last one that has ended (2025-26 in the autumn of 2026). */
export function lastSchoolYear(today = todayIso()): string {
  const year = Number(today.slice(0, 4));
  const start = Number(today.slice(5, 7)) >= 7 ? year - 1 : year - 2;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/**
 * A mark earned outside the district's own classes (a transfer, summer school, an old paper
 * record) entered into the transcript with the reason; the GPAs and the audit are recomputed.
 */
export function MarkFromElsewhereForm({ studentId, onDone }: { studentId: number; onDone: (message: string) => void }) {
  const client = useQueryClient();
  const ids = useId();
  const [entry, setEntry] = useState({
    source: 'transfer' as (typeof SOURCES)[number]['value'],
    sourceSchoolName: '',
    courseCode: '',
    title: '',
    gradeLevel: '9',
    schoolYear: lastSchoolYear(),
    term: 'S1',
    mark: 'A',
    credits: '5',
    ag: '',
    language: '',
    subject: '',
    honors: 'none',
    reason: '',
  });
  const set = (field: keyof typeof entry) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setEntry({ ...entry, [field]: e.target.value });
  const save = useMutation({
    mutationFn: () =>
      apiSend<{ entryId: number }>('POST', `/api/students/${studentId}/transcript-entries`, {
        source: entry.source,
        sourceSchoolName: entry.sourceSchoolName.trim() || null,
        courseCode: entry.courseCode.trim(),
        title: entry.title.trim(),
        gradeLevel: Number(entry.gradeLevel),
        schoolYear: entry.schoolYear.trim(),
        term: entry.term,
        mark: entry.mark,
        credits: Number(entry.credits),
        ag: entry.ag || null,
        language: entry.ag === 'e' ? entry.language.trim() || null : null,
        subject: entry.subject || null,
        honors: entry.honors,
        reason: entry.reason.trim(),
      }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['transcript', studentId] });
      await client.invalidateQueries({ queryKey: ['graduation-audit', studentId] });
      onDone(`${entry.title.trim()} (${entry.mark}, ${entry.schoolYear} ${entry.term}) is on the transcript. The GPAs and the graduation audit are recomputed.`);
    },
  });
  const field = (name: keyof typeof entry, label: string, input: React.ReactNode) => (
    <div key={name}>
      <label htmlFor={`${ids}-${name}`}>{label}</label>
      {input}
    </div>
  );
  return (
    <form
      className="panel editor wide"
      aria-labelledby={`${ids}-t`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h3 id={`${ids}-t`}>Add a mark earned elsewhere</h3>
      {save.error ? <ErrorNotice error={save.error} /> : null}
      <div className="form-grid">
        {field(
          'source',
          'Where it comes from',
          <select id={`${ids}-source`} value={entry.source} onChange={set('source')} autoFocus>
            {SOURCES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>,
        )}
        {field('sourceSchoolName', entry.source === 'transfer' ? 'School where it was earned' : 'School (if not ours)', <input id={`${ids}-sourceSchoolName`} required={entry.source === 'transfer'} maxLength={200} value={entry.sourceSchoolName} onChange={set('sourceSchoolName')} />)}
        {field('courseCode', 'Course code', <input id={`${ids}-courseCode`} required maxLength={20} value={entry.courseCode} onChange={set('courseCode')} aria-describedby={`${ids}-code-hint`} />)}
        {field('title', 'Course title', <input id={`${ids}-title`} required maxLength={100} value={entry.title} onChange={set('title')} />)}
        {field(
          'gradeLevel',
          'Grade when taken',
          <select id={`${ids}-gradeLevel`} value={entry.gradeLevel} onChange={set('gradeLevel')}>
            {[6, 7, 8, 9, 10, 11, 12].map((g) => (
              <option key={g}>{g}</option>
            ))}
          </select>,
        )}
        {field('schoolYear', 'School year', <input id={`${ids}-schoolYear`} required pattern="\d{4}-\d{2}" placeholder="2025-26" value={entry.schoolYear} onChange={set('schoolYear')} />)}
        {field(
          'term',
          'Term',
          <select id={`${ids}-term`} value={entry.term} onChange={set('term')}>
            {TERMS.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>,
        )}
        {field(
          'mark',
          'Mark',
          <select id={`${ids}-mark`} value={entry.mark} onChange={set('mark')}>
            {MARKS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>,
        )}
        {field('credits', 'Credits', <input id={`${ids}-credits`} required type="number" min={0} max={40} step={0.25} value={entry.credits} onChange={set('credits')} />)}
        {field(
          'ag',
          'A–G area',
          <select id={`${ids}-ag`} value={entry.ag} onChange={set('ag')}>
            {AG.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>,
        )}
        {entry.ag === 'e' ? field('language', 'Language', <input id={`${ids}-language`} required maxLength={40} value={entry.language} onChange={set('language')} />) : null}
        {field(
          'subject',
          'Subject (for the diploma requirements)',
          <select id={`${ids}-subject`} value={entry.subject} onChange={set('subject')}>
            <option value="">Not given</option>
            {SUBJECTS.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>,
        )}
        {field(
          'honors',
          'Honors',
          <select id={`${ids}-honors`} value={entry.honors} onChange={set('honors')}>
            {HONORS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>,
        )}
      </div>
      <p id={`${ids}-code-hint`} className="hint">
        Use the district's course code when the course is in our catalog, so that it counts toward the same requirements; otherwise the code on the other school's transcript.
      </p>
      <label htmlFor={`${ids}-reason`}>Reason</label>
      <input id={`${ids}-reason`} required minLength={5} maxLength={500} value={entry.reason} onChange={set('reason')} placeholder="Transcript received from the previous school on …" />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Add to the transcript'}
        </button>
        <button type="button" className="secondary" onClick={() => onDone('')}>
          Cancel
        </button>
      </div>
    </form>
  );
}
