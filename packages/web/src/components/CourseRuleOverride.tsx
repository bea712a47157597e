import { useId } from 'react';
import { ApiProblem } from '../api/client.ts';
import type { CourseRefusal } from '../api/records.ts';

/** What the course rules refused in a problem document (a course passed, a prerequisite not met), if it may be overridden. */
export function courseRefusalsOf(error: unknown): CourseRefusal[] {
  if (!(error instanceof ApiProblem) || error.problem.overridable !== true || !Array.isArray(error.problem.refusals)) return [];
  return error.problem.refusals as CourseRefusal[];
}

/** The override the server takes: a reason of at least three characters, or none. */
export const overrideOf = (reason: string): { reason: string } | undefined => (reason.trim().length >= 3 ? { reason: reason.trim() } : undefined);

/**
 * What the course rules refuse, each with the mark and term or the missing prerequisite, and the
 * counselor's way past them: a reason, which is kept on the record and in the audit trail.
 */
export function CourseRuleOverride({ refusals, reason, onReason }: { refusals: readonly CourseRefusal[]; reason: string; onReason: (reason: string) => void }) {
  const ids = useId();
  return (
    <div className="notice notice-warn" role="group" aria-labelledby={`${ids}-t`}>
      <p className="notice-title" id={`${ids}-t`}>
        The course rules refuse this
      </p>
      <ul>
        {refusals.map((r) => (
          <li key={`${r.code}/${r.course}/${r.message}`}>{r.message}.</li>
        ))}
      </ul>
      <label htmlFor={`${ids}-why`}>Reason to override the course rules</label>
      <input id={`${ids}-why`} minLength={3} maxLength={500} value={reason} onChange={(e) => onReason(e.target.value)} aria-describedby={`${ids}-h`} />
      <p id={`${ids}-h`} className="hint">
        Only when the student must take it anyway, for example “UC asked for the course to be retaken”. The reason is kept with the record and in the audit trail.
      </p>
    </div>
  );
}
