import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { apiGet, apiSend } from '../api/client.ts';
import type { StudentAttendance as Attendance, AttendanceCode, AttendanceCorrection } from '../api/records.ts';
import type { StudentProfile } from '../api/types.ts';
import { counted, formatDay, todayIso } from '../format.ts';
import { ErrorNotice, Loading } from './ErrorNotice.tsx';

const SOURCES: Record<string, string> = { teacher: 'teacher', clerk: 'office', import: 'paper import', 'parent-note': 'note from home', derived: 'from the periods', seed: 'recorded' };
const sourceName = (source: string) => SOURCES[source] ?? source;

function codeName(codes: AttendanceCode[], code: string | null): string {
  if (!code) return '—';
  const found = codes.find((c) => c.code === code);
  return found ? `${code} — ${found.description}` : code;
}

interface Target {
  date: string;
  sectionId: number | null;
  period?: string;
}

/**
 * The student's attendance this year on the profile: the days and the chronic-absence verdict, the
 * days and classes not simply present, and for the attendance office a correction (with the
 * reason) and a note from home.
 */
export function StudentAttendance({ student, mayCorrect }: { student: StudentProfile; mayCorrect: boolean }) {
  const attendance = useQuery({ queryKey: ['student-attendance', student.id], queryFn: ({ signal }) => apiGet<Attendance>(`/api/students/${student.id}/attendance`, signal) });
  const [target, setTarget] = useState<Target | null>(null);
  const a = attendance.data;
  return (
    <section aria-labelledby="attendance">
      <h2 id="attendance">Attendance</h2>
      {attendance.isPending ? <Loading what="attendance" /> : null}
      {attendance.error ? <ErrorNotice error={attendance.error} onRetry={() => void attendance.refetch()} /> : null}
      {a ? (
        <>
          <dl className="figures">
            <div>
              <dt>Days enrolled</dt>
              <dd>{a.daysEnrolled}</dd>
            </div>
            <div>
              <dt>Days absent</dt>
              <dd>{a.daysAbsent}</dd>
            </div>
            <div>
              <dt>Absent</dt>
              <dd>{a.percentAbsent === null ? '—' : `${a.percentAbsent}%`}</dd>
            </div>
          </dl>
          <p>
            {a.schoolYear}, through {formatDay(a.through)}.{' '}
            {a.chronicallyAbsent ? <strong className="flag">Chronically absent: absent 10% or more of the days enrolled.</strong> : 'Not chronically absent.'}
          </p>
          <div className="profile-grid">
            <div>
              <h3>Days absent or partly absent</h3>
              {a.days.length === 0 ? (
                <p>None this year.</p>
              ) : (
                <div className="table-wrap">
                  <table>
                    <caption className="visually-hidden">Days absent or partly absent, most recent first</caption>
                    <thead>
                      <tr>
                        <th scope="col">Day</th>
                        <th scope="col">Code</th>
                        <th scope="col">By</th>
                        {mayCorrect ? <th scope="col">Correct</th> : null}
                      </tr>
                    </thead>
                    <tbody>
                      {a.days.map((d) => (
                        <tr key={d.date}>
                          <th scope="row">{formatDay(d.date)}</th>
                          <td>
                            {codeName(a.codes, d.code)}
                            {d.status === 'partial' ? ' (part of the day)' : ''}
                          </td>
                          <td>{sourceName(d.source)}</td>
                          {mayCorrect ? (
                            <td>
                              <button type="button" className="secondary" aria-label={`Correct the day of ${formatDay(d.date)}`} onClick={() => setTarget({ date: d.date, sectionId: null })}>
                                Correct
                              </button>
                            </td>
                          ) : null}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
            <div>
              <h3>Classes marked absent or tardy</h3>
              {a.classMeetings.length === 0 ? (
                <p>None this year.</p>
              ) : (
                <div className="table-wrap">
                  <table>
                    <caption className="visually-hidden">Class meetings not marked present, most recent first</caption>
                    <thead>
                      <tr>
                        <th scope="col">Day</th>
                        <th scope="col">Class</th>
                        <th scope="col">Code</th>
                        {mayCorrect ? <th scope="col">Correct</th> : null}
                      </tr>
                    </thead>
                    <tbody>
                      {a.classMeetings.map((m) => (
                        <tr key={`${m.date}-${m.sectionId}-${m.period}`}>
                          <th scope="row">{formatDay(m.date)}</th>
                          <td>
                            {m.period} {m.section} <span className="muted">{m.course}</span>
                          </td>
                          <td>
                            {codeName(a.codes, m.code)} <span className="muted">({sourceName(m.source)})</span>
                          </td>
                          {mayCorrect ? (
                            <td>
                              <button type="button" className="secondary" aria-label={`Correct ${m.section} on ${formatDay(m.date)}`} onClick={() => setTarget({ date: m.date, sectionId: m.sectionId, period: m.period ?? undefined })}>
                                Correct
                              </button>
                            </td>
                          ) : null}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          </div>
          {mayCorrect ? (
            <div className="profile-grid attendance-forms">
              <CorrectionForm key={target ? `${target.date}-${target.sectionId}` : 'new'} student={student} attendance={a} target={target} />
              <NoteForm student={student} />
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function useRefreshAttendance(studentId: number) {
  const client = useQueryClient();
  return () => client.invalidateQueries({ predicate: (q) => (q.queryKey[0] === 'student-attendance' && q.queryKey[1] === studentId) || ['ada', 'chronic-absence'].includes(String(q.queryKey[0])) });
}

function CorrectionForm({ student, attendance, target }: { student: StudentProfile; attendance: Attendance; target: Target | null }) {
  const ids = useId();
  const refresh = useRefreshAttendance(student.id);
  const [date, setDate] = useState(target?.date ?? todayIso());
  const [sectionId, setSectionId] = useState(target?.sectionId ? String(target.sectionId) : '');
  const [period, setPeriod] = useState(target?.period ?? '');
  const [code, setCode] = useState('');
  const [reason, setReason] = useState('');
  // The classes to choose from: today's schedule and every class already marked this year.
  const classes = new Map<number, string>();
  for (const s of student.schedule.sections) classes.set(s.sectionId, `${s.section} — ${s.course.title}`);
  for (const m of attendance.classMeetings) if (!classes.has(m.sectionId)) classes.set(m.sectionId, `${m.section} — ${m.course}`);
  const correct = useMutation({
    mutationFn: () =>
      apiSend<AttendanceCorrection>('POST', `/api/students/${student.id}/attendance-corrections`, {
        date,
        code,
        reason: reason.trim(),
        ...(sectionId ? { sectionId: Number(sectionId) } : {}),
        ...(sectionId && period.trim() ? { period: period.trim() } : {}),
      }),
    onSuccess: async () => {
      setReason('');
      await refresh();
    },
  });
  const done = correct.data;
  return (
    <form
      className="panel"
      aria-labelledby={`${ids}-h`}
      onSubmit={(e) => {
        e.preventDefault();
        correct.mutate();
      }}
    >
      <h3 id={`${ids}-h`}>Correct attendance</h3>
      <label htmlFor={`${ids}-date`}>Day</label>
      <input id={`${ids}-date`} type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
      <label htmlFor={`${ids}-class`}>Class</label>
      <select id={`${ids}-class`} value={sectionId} onChange={(e) => setSectionId(e.target.value)}>
        <option value="">The whole day</option>
        {[...classes].map(([id, name]) => (
          <option key={id} value={id}>
            {name}
          </option>
        ))}
      </select>
      {sectionId ? (
        <>
          <label htmlFor={`${ids}-period`}>Period (only for a class that meets twice that day)</label>
          <input id={`${ids}-period`} value={period} onChange={(e) => setPeriod(e.target.value)} autoComplete="off" />
        </>
      ) : null}
      <label htmlFor={`${ids}-code`}>Correct to</label>
      <select id={`${ids}-code`} required value={code} onChange={(e) => setCode(e.target.value)}>
        <option value="">Choose a code</option>
        {attendance.codes.map((c) => (
          <option key={c.code} value={c.code}>
            {c.code} — {c.description}
          </option>
        ))}
      </select>
      <label htmlFor={`${ids}-reason`}>Reason</label>
      <textarea id={`${ids}-reason`} required minLength={3} maxLength={500} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby={`${ids}-reason-hint`} />
      <p id={`${ids}-reason-hint`} className="hint">
        For example "mother called: ill with flu". It is kept with the change and in the audit trail.
      </p>
      <button type="submit" className="primary" disabled={correct.isPending}>
        {correct.isPending ? 'Saving…' : 'Save the correction'}
      </button>
      {correct.error ? <ErrorNotice error={correct.error} /> : null}
      {done ? (
        <p className="notice notice-ok" role="status">
          {done.changed ? `Corrected ${done.section ? `${done.section} on ` : ''}${formatDay(done.date)} from ${done.oldCode} to ${done.code}.` : `${formatDay(done.date)} was already ${done.code}: nothing changed.`}
        </p>
      ) : null}
    </form>
  );
}

/** Days are counted only where the day itself was recorded (elementary); a secondary day follows its periods. */
export function noteOutcome(done: { daysExcused: number; periodsExcused: number }): string {
  const parts = [done.daysExcused > 0 ? counted(done.daysExcused, 'day') : '', done.periodsExcused > 0 ? counted(done.periodsExcused, 'class meeting') : ''].filter(Boolean);
  return parts.length ? `Note recorded: ${parts.join(' and ')} excused.` : 'Note recorded. There was no uncleared absence in those days; absences marked there later will be excused.';
}

function NoteForm({ student }: { student: StudentProfile }) {
  const ids = useId();
  const refresh = useRefreshAttendance(student.id);
  const [from, setFrom] = useState(todayIso());
  const [to, setTo] = useState(todayIso());
  const [guardianId, setGuardianId] = useState('');
  const [reason, setReason] = useState('');
  const guardians = student.guardians.filter((g) => !g.accessRestricted);
  const note = useMutation({
    mutationFn: () => apiSend<{ noteId: number; periodsExcused: number; daysExcused: number }>('POST', `/api/students/${student.id}/attendance-notes`, { from, to, reason: reason.trim(), ...(guardianId ? { guardianId: Number(guardianId) } : {}) }),
    onSuccess: async () => {
      setReason('');
      await refresh();
    },
  });
  const done = note.data;
  return (
    <form
      className="panel"
      aria-labelledby={`${ids}-h`}
      onSubmit={(e) => {
        e.preventDefault();
        note.mutate();
      }}
    >
      <h3 id={`${ids}-h`}>Record a note from home</h3>
      <p className="hint">Every absence not yet cleared in these days becomes excused; absences marked later in these days are excused as they are saved.</p>
      <label htmlFor={`${ids}-from`}>First day</label>
      <input id={`${ids}-from`} type="date" required value={from} onChange={(e) => setFrom(e.target.value)} />
      <label htmlFor={`${ids}-to`}>Last day</label>
      <input id={`${ids}-to`} type="date" required min={from} value={to} onChange={(e) => setTo(e.target.value)} />
      <label htmlFor={`${ids}-guardian`}>From</label>
      <select id={`${ids}-guardian`} value={guardianId} onChange={(e) => setGuardianId(e.target.value)}>
        <option value="">Not named</option>
        {guardians.map((g) => (
          <option key={g.id} value={g.id}>
            {g.name.first} {g.name.last}
            {g.relationship ? ` (${g.relationship})` : ''}
          </option>
        ))}
      </select>
      <label htmlFor={`${ids}-reason`}>What the note says</label>
      <textarea id={`${ids}-reason`} required minLength={3} maxLength={500} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="submit" className="primary" disabled={note.isPending}>
        {note.isPending ? 'Saving…' : 'Record the note'}
      </button>
      {note.error ? <ErrorNotice error={note.error} /> : null}
      {done ? (
        <p className="notice notice-ok" role="status">
          {noteOutcome(done)}
        </p>
      ) : null}
    </form>
  );
}
