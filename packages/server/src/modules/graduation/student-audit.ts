import type { AuditDocument, RequirementVerdict } from '@homeroom/core/formats/transcript';
import { auditTranscript } from '@homeroom/core/graduation/audit';
import type { RequirementSet } from '@homeroom/core/graduation/requirement-set';
import type { StudentTranscript } from '../transcripts/student-transcript.ts';

export interface AuditSummary {
  requirementSet: string;
  diplomaMet: boolean;
  agMet: boolean;
  onTrack: boolean;
  /** Every diploma requirement met or being met by the courses taken now. */
  onScheduleToGraduate: boolean;
  missing: Array<{ requirement: string; title: string; needed: number; status: string }>;
}

/** The audit of one student with the engine, and what a counselor needs first: what is missing. */
export function auditStudent(student: Pick<StudentTranscript, 'transcript'>, set: RequirementSet): { audit: AuditDocument; summary: AuditSummary } {
  const audit = auditTranscript(student.transcript, set);
  const diplomaVerdict = set.verdicts[0]!.id;
  const missing = audit.requirements
    .map((r) => ({ r, figures: r[diplomaVerdict] as RequirementVerdict | undefined }))
    .filter(({ figures }) => figures && figures.status !== 'met')
    .map(({ r, figures }) => ({ requirement: r.id, title: set.requirements.find((q) => q.id === r.id)?.title ?? r.id, needed: figures!.needed, status: figures!.status }));
  const verdict = (id: string) => (audit[id] as { met?: boolean } | undefined)?.met ?? false;
  return {
    audit,
    summary: {
      requirementSet: set.name,
      diplomaMet: verdict(diplomaVerdict),
      agMet: set.verdicts[1] ? verdict(set.verdicts[1].id) : false,
      onTrack: audit.onTrack,
      onScheduleToGraduate: missing.every((m) => m.status === 'in_progress'),
      missing,
    },
  };
}
