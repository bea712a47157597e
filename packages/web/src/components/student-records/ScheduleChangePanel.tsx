import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { apiGet, apiSend } from '../../api/client.ts';
import type { CourseRefusal, ScheduleChangeResult, ScheduleReport } from '../../api/records.ts';
import type { StudentProfile } from '../../api/types.ts';
import { CourseRuleOverride, courseRefusalsOf, overrideOf } from '../CourseRuleOverride.tsx';
import { ErrorNotice, Loading } from '../ErrorNotice.tsx';

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
