import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiProblem, apiGet, apiSend, describeError, NetworkFailure } from '../api/client.ts';
import { defaultCode, readSectionAttendance, type AttendanceMark, type SectionAttendanceAnswer, type SaveAttendanceBody, type SectionAttendance } from '../attendance/attendance-api.ts';
import { clearDraft, draftOwner, loadDraft, newIdempotencyKey, sameMarks, saveDraft, type AttendanceDraft } from '../attendance/draft-store.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { formatDay, studentName, todayIso } from '../format.ts';
import { useSession } from '../session.ts';

/** Waits between automatic retries of a failed save: quick at first, then every 30 seconds. */
export const RETRY_DELAYS_MS = [2_000, 5_000, 10_000, 30_000];

type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'retrying'; error: unknown; retryAt: number; attempt: number }
  | { kind: 'failed'; error: unknown };

/**
 * A busy server says when to come back (Retry-After, with its 503): the save goes again then, not
 * later (the teacher waits no longer than needed) and not sooner (it would only be turned away
 * again), with up to a quarter of a second more so that saves refused in the same instant do not
 * all return in the same instant. Homeroom's Retry-After is already the time its queue takes to
 * be answered, rounded up to whole seconds: a longer spread would only leave it idle.
 */
export function retryDelayMs(error: unknown, attempt: number, jitter = Math.random()): number {
  if (error instanceof ApiProblem && error.retryAfterSeconds !== null) return Math.min(60, error.retryAfterSeconds) * 1000 + Math.round(jitter * RETRY_AFTER_SPREAD_MS);
  return RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!;
}

/** The most a save waits past a busy server's Retry-After (see retryDelayMs). */
export const RETRY_AFTER_SPREAD_MS = 250;

/** A lost connection or a busy server may pass; a refusal (403, 409, 422) will not by asking again. */
function worthRetrying(error: unknown): boolean {
  if (error instanceof NetworkFailure) return true;
  return error instanceof ApiProblem && (error.status >= 500 || error.status === 408 || error.status === 429);
}

/** A server without the attendance module answers "no such route": say that in a teacher's words. */
function notSwitchedOn(error: unknown): ApiProblem | null {
  if (!(error instanceof ApiProblem) || error.code !== 'no-such-route') return null;
  return new ApiProblem(404, {
    title: 'Attendance cannot be taken in Homeroom on this server yet',
    detail: "Use your school's backup attendance (the paper roster) and send it to the office. The office can tell you when online attendance starts.",
    code: 'attendance-not-available',
  });
}

export function AttendancePage() {
  const { sectionId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const date = params.get('date') || todayIso();
  usePageTitle('Take attendance');
  // Drafts are the signed-in person's: none is read or resent before we know who that is.
  const user = useSession().data?.user;
  const owner = user ? draftOwner(user) : null;
  const roster = useQuery({
    queryKey: ['attendance', sectionId, date],
    queryFn: async ({ signal }) => readSectionAttendance(await apiGet<SectionAttendanceAnswer>(`/api/sections/${encodeURIComponent(sectionId)}/attendance?date=${date}`, signal)),
    // Marks on screen belong to the teacher until saved: never replace them with a background refetch.
    staleTime: Infinity,
  });
  return (
    <>
      <h1>Take attendance</h1>
      <p>
        <Link to="/sections">Back to my sections</Link>
      </p>
      <div className="attendance-date">
        <label htmlFor="attendance-date">Date</label>
        <input
          id="attendance-date"
          type="date"
          value={date}
          onChange={(e) => {
            if (e.target.value) setParams({ date: e.target.value }, { replace: true });
          }}
        />
      </div>
      {roster.isPending ? <Loading what="the class roster" /> : null}
      {roster.error ? (
        <ErrorNotice error={notSwitchedOn(roster.error) ?? roster.error} onRetry={() => void roster.refetch()}>
          <p>
            <Link to="/">Back to today</Link>
          </p>
        </ErrorNotice>
      ) : null}
      {roster.data && owner ? <AttendanceSheet key={`${owner}:${sectionId}:${date}`} owner={owner} sectionId={sectionId} date={date} attendance={roster.data} /> : null}
    </>
  );
}

export function AttendanceSheet({ owner, sectionId, date, attendance }: { owner: string; sectionId: string; date: string; attendance: SectionAttendance }) {
  const presentCode = defaultCode(attendance.codes);
  const fromServer = useMemo(() => attendance.students.map((s) => ({ studentId: s.studentId, code: s.code ?? presentCode })), [attendance, presentCode]);
  const [restored] = useState(() => loadDraft(owner, sectionId, date));
  const [marks, setMarks] = useState<AttendanceMark[]>(() => (restored ? mergeDraft(fromServer, restored.marks) : fromServer));
  const [confirmed, setConfirmed] = useState<AttendanceMark[] | null>(() => (attendance.takenAt ? fromServer : null));
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const draftRef = useRef<AttendanceDraft | null>(restored);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const mounted = useRef(true);
  const statusRef = useRef<HTMLDivElement>(null);
  const [, tick] = useState(0);

  const dirty = confirmed === null || !sameMarks(marks, confirmed);

  const stopRetrying = () => {
    if (retryTimer.current) clearTimeout(retryTimer.current);
    retryTimer.current = null;
  };

  const send = useCallback(
    async (draft: AttendanceDraft, attempt: number) => {
      stopRetrying();
      saveDraft({ ...draft, state: 'sending' });
      setState({ kind: 'saving' });
      // The period the sheet was read for: a section meeting twice that day needs it named.
      const body: SaveAttendanceBody = { idempotencyKey: draft.idempotencyKey, ...(attendance.period ? { period: attendance.period } : {}), marks: draft.marks };
      try {
        await apiSend<unknown>('PUT', `/api/sections/${encodeURIComponent(sectionId)}/attendance/${date}`, body);
        // Only this draft is confirmed: marks changed while it was in flight stay unsaved.
        if (draftRef.current?.idempotencyKey === draft.idempotencyKey) {
          clearDraft(owner, sectionId, date);
          draftRef.current = null;
        }
        if (!mounted.current) return;
        setConfirmed(draft.marks);
        setState({ kind: 'saved', at: new Date() });
      } catch (error) {
        // Gone from the page (signed out, or moved on): the draft stays as it was stored, "sending",
        // and a sign-out that cleared it is not undone by a late answer.
        if (mounted.current && draftRef.current?.idempotencyKey === draft.idempotencyKey) saveDraft({ ...draft, state: worthRetrying(error) ? 'sending' : 'unsaved' });
        if (!mounted.current) return;
        if (worthRetrying(error) && draftRef.current?.idempotencyKey === draft.idempotencyKey) {
          const delay = retryDelayMs(error, attempt);
          setState({ kind: 'retrying', error, retryAt: Date.now() + delay, attempt });
          // The same key: if the earlier try did land, the server keeps one copy.
          retryTimer.current = setTimeout(() => void send(draft, attempt + 1), delay);
        } else {
          setState({ kind: 'failed', error });
        }
      }
    },
    [owner, sectionId, date, attendance.period],
  );

  useEffect(() => {
    mounted.current = true;
    // A save that was under way when the page closed is finished now, with its original key.
    if (restored?.state === 'sending') void send(restored, 0);
    return () => {
      mounted.current = false;
      stopRetrying();
    };
  }, [restored, send]);

  // A countdown people can see: "trying again in 8 seconds".
  useEffect(() => {
    if (state.kind !== 'retrying') return;
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, [state.kind]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const changeMark = (studentId: number, code: string) => {
    const next = marks.map((m) => (m.studentId === studentId ? { ...m, code } : m));
    setMarks(next);
    // Kept on this computer at once, under a new key: these marks have not been sent yet.
    stopRetrying();
    const draft: AttendanceDraft = { owner, sectionId, date, idempotencyKey: newIdempotencyKey(), marks: next, state: 'unsaved', updatedAt: new Date().toISOString() };
    draftRef.current = draft;
    saveDraft(draft);
    if (state.kind === 'retrying' || state.kind === 'failed' || state.kind === 'saved') setState({ kind: 'idle' });
  };

  const save = () => {
    if (state.kind === 'saving') return;
    let draft = draftRef.current;
    if (!draft || !sameMarks(draft.marks, marks)) {
      draft = { owner, sectionId, date, idempotencyKey: newIdempotencyKey(), marks, state: 'unsaved', updatedAt: new Date().toISOString() };
      draftRef.current = draft;
    }
    void send(draft, 0);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const codeOf = new Map(marks.map((m) => [m.studentId, m.code]));
  const counts = attendance.codes
    .map((c) => ({ code: c, n: marks.filter((m) => m.code === c.code).length }))
    .filter((c) => c.n > 0)
    .map((c) => `${c.n} ${c.code.description.toLowerCase()}`)
    .join(', ');

  return (
    <section className="attendance" aria-labelledby="attendance-section">
      <h2 id="attendance-section">
        {attendance.sectionLabel}, {formatDay(date)}
      </h2>
      {restored && state.kind === 'idle' && dirty ? (
        <p className="notice notice-warn" role="status">
          Marks you took earlier on this computer were not saved yet; they are shown below. Check them and press Save.
        </p>
      ) : null}
      <p className="hint" id="attendance-keys">
        Everyone starts present. Press Tab to reach a student and type the first letter of a mark (A for absent, T for tardy); Ctrl+S or the Save button saves.
      </p>
      {attendance.students.length === 0 ? (
        <p>No students are on this class's roster on {formatDay(date)}.</p>
      ) : (
        <div className="table-wrap">
          <table className="attendance-table">
            <caption className="visually-hidden">Attendance marks</caption>
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Student ID</th>
                <th scope="col">Mark</th>
              </tr>
            </thead>
            <tbody>
              {attendance.students.map((student) => {
                const code = codeOf.get(student.studentId) ?? presentCode;
                const exception = code !== presentCode;
                const id = `mark-${student.studentId}`;
                return (
                  <tr key={student.studentId} className={exception ? 'exception' : undefined}>
                    <th scope="row">
                      <label htmlFor={id}>{studentName(student.name)}</label>
                    </th>
                    <td>{student.localId ?? '—'}</td>
                    <td>
                      <select id={id} value={code} aria-describedby="attendance-keys" onChange={(e) => changeMark(student.studentId, e.target.value)}>
                        {attendance.codes.map((c) => (
                          <option key={c.code} value={c.code}>
                            {c.code} — {c.description}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="save-bar">
        <button type="button" className="primary" onClick={save} disabled={state.kind === 'saving' || attendance.students.length === 0}>
          {state.kind === 'saving' ? 'Saving…' : 'Save attendance'}
        </button>
        {state.kind === 'retrying' ? (
          <button type="button" className="secondary" onClick={() => void send(draftRef.current ?? { owner, sectionId, date, idempotencyKey: newIdempotencyKey(), marks, state: 'unsaved', updatedAt: new Date().toISOString() }, state.attempt + 1)}>
            Try again now
          </button>
        ) : null}
        <span className="counts">{counts}</span>
        <div role="status" aria-live="polite" ref={statusRef} className="save-status">
          <SaveStatus state={state} dirty={dirty} />
        </div>
      </div>
    </section>
  );
}

function SaveStatus({ state, dirty }: { state: SaveState; dirty: boolean }) {
  switch (state.kind) {
    case 'saving':
      return <span>Saving… keep this page open.</span>;
    case 'saved':
      return dirty ? <span className="warn">You changed marks after saving. Not saved yet.</span> : <span className="ok">Saved at {state.at.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' })}. The office has your attendance.</span>;
    case 'retrying': {
      const { title, detail } = describeError(state.error);
      const seconds = Math.max(0, Math.ceil((state.retryAt - Date.now()) / 1000));
      return (
        <span className="warn">
          Not saved yet. {title}. {detail} Your marks are kept on this computer; trying again in {seconds} {seconds === 1 ? 'second' : 'seconds'}.
        </span>
      );
    }
    case 'failed': {
      const { title, detail } = describeError(state.error);
      return (
        <span className="error">
          Not saved. {title}. {detail} Your marks are kept on this computer.
        </span>
      );
    }
    case 'idle':
      return dirty ? <span>Not saved yet.</span> : <span className="ok">Saved earlier today.</span>;
  }
}

/** A restored draft wins for the students it covers; students added to the roster since start present. */
function mergeDraft(roster: AttendanceMark[], draft: AttendanceMark[]): AttendanceMark[] {
  const drafted = new Map(draft.map((m) => [m.studentId, m.code]));
  return roster.map((m) => ({ studentId: m.studentId, code: drafted.get(m.studentId) ?? m.code }));
}
