import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { forEachStudentBatch } from '../transcripts/student-batches.ts';
import { SECONDARY_STUDENT } from '../transcripts/transcripts.repository.ts';
import { loadTranscriptsForRecompute } from '../transcripts/student-transcript.ts';
import { districtToday } from '../../clock.ts';
import { requirementSetsFor, saveAudits, type AuditRow } from './graduation.repository.ts';
import { auditStudent } from './student-audit.ts';

export interface AuditRecomputeSummary {
  students: number;
  diplomaMet: number;
  notOnTrack: number;
  seniorsAtRisk: number;
  seconds: number;
}

/**
 * Audits every secondary student with the requirement set of their cohort and keeps each verdict
 * and what is missing (not the whole document: at a district's size the summary is what lists
 * read), batch by batch, each batch's rows one statement.
 */
export async function recomputeDistrictAudits(
  db: Kysely<Database>,
  districtId: number,
  options: { batchSize?: number; onProgress?: (done: number, total: number) => Promise<void> | void } = {},
): Promise<AuditRecomputeSummary> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 2000;
  const setFor = await requirementSetsFor(db, districtId);
  const today = await districtToday(db, districtId);
  const summary: AuditRecomputeSummary = { students: 0, diplomaMet: 0, notOnTrack: 0, seniorsAtRisk: 0, seconds: 0 };
  const { students } = await forEachStudentBatch(db, districtId, {
    batchSize,
    which: SECONDARY_STUDENT,
    onProgress: options.onProgress,
    load: (ids) => loadTranscriptsForRecompute(db, districtId, ids, { withInProgress: true, today }),
    handle: async (ids, transcripts) => {
      const rows = transcripts.map((t): AuditRow => {
        const { summary: s } = auditStudent(t, setFor(t.transcript.student.cohort));
        summary.diplomaMet += s.diplomaMet ? 1 : 0;
        summary.notOnTrack += s.onTrack ? 0 : 1;
        summary.seniorsAtRisk += t.transcript.student.gradeLevel === 12 && !s.onScheduleToGraduate ? 1 : 0;
        return { student: t.studentId, set: s.requirementSet, diploma: s.diplomaMet, ag: s.agMet, onTrack: s.onTrack, document: s };
      });
      await saveAudits(db, districtId, rows);
    },
  });
  summary.students = students;
  summary.seconds = Math.round((performance.now() - started) / 10) / 100;
  return summary;
}
