import type { Kysely } from 'kysely';
import { DEFAULT_GPA_RULE_SET } from '@homeroom/core/grading/rule-sets';
import type { Database } from '../../db/schema.ts';
import { gpaDocumentFor, sameFigures, storedFigures } from './student-gpa.ts';
import { saveGpas, storedGpas, type StoredGpa } from './student-gpa.repository.ts';
import { forEachStudentBatch } from './student-batches.ts';
import { SECONDARY_STUDENT } from './transcripts.repository.ts';
import { loadTranscriptsForRecompute } from './student-transcript.ts';
import { districtToday } from '../../clock.ts';

export interface RecomputeSummary {
  ruleSet: string;
  students: number;
  changed: number;
  added: number;
  unchanged: number;
  seconds: number;
}

/**
 * Recomputes every secondary student's GPAs and credits with the core engine and stores them with
 * the rule set's name, batch by batch (each batch's figures one statement): memory stays flat at
 * any district size, and a stopped run resumes by running again.
 */
export async function recomputeDistrictGpas(
  db: Kysely<Database>,
  districtId: number,
  options: { batchSize?: number; onProgress?: (done: number, total: number) => Promise<void> | void } = {},
): Promise<RecomputeSummary> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 2000;
  const today = await districtToday(db, districtId);
  const summary: RecomputeSummary = { ruleSet: DEFAULT_GPA_RULE_SET, students: 0, changed: 0, added: 0, unchanged: 0, seconds: 0 };
  const { students } = await forEachStudentBatch(db, districtId, {
    batchSize,
    which: SECONDARY_STUDENT,
    onProgress: options.onProgress,
    load: (ids) => Promise.all([loadTranscriptsForRecompute(db, districtId, ids, { today }), storedGpas(db, districtId, ids)]),
    handle: async (ids, [transcripts, previous]) => {
      const toSave: StoredGpa[] = [];
      for (const t of transcripts) {
        const figures = storedFigures(t.studentId, gpaDocumentFor(t));
        const before = previous.get(t.studentId);
        if (!before) summary.added++;
        else if (sameFigures(before, figures)) {
          summary.unchanged++;
          continue;
        } else summary.changed++;
        toSave.push(figures);
      }
      await saveGpas(db, districtId, toSave);
    },
  });
  summary.students = students;
  summary.seconds = Math.round((performance.now() - started) / 10) / 100;
  return summary;
}
