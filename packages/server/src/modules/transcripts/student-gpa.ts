import type { GpaDocument } from '@homeroom/core/formats/transcript';
import { computeGpa } from '@homeroom/core/grading/gpa';
import { DEFAULT_GPA_RULE_SET, gpaRuleSets } from '@homeroom/core/grading/rule-sets';
import type { StudentTranscript } from './student-transcript.ts';
import { GPA_FIELDS, type StoredGpa } from './student-gpa.repository.ts';

type Tally = { points: number; count: number; bonus?: number; bonusUncapped?: number; bonusCapped?: number };

export function gpaDocumentFor(transcript: Pick<StudentTranscript, 'transcript'>, ruleSetName = DEFAULT_GPA_RULE_SET): GpaDocument {
  return computeGpa(transcript.transcript, gpaRuleSets.get(ruleSetName));
}

export function storedFigures(studentId: number, document: GpaDocument): StoredGpa {
  const uc = document.uc as Tally;
  const csu = document.csu as Tally;
  const district = document.district as Tally;
  return {
    student_id: studentId,
    uc_points: uc.points, uc_count: uc.count, uc_bonus_uncapped: uc.bonusUncapped ?? 0, uc_bonus_capped: uc.bonusCapped ?? 0,
    csu_points: csu.points, csu_count: csu.count, csu_bonus: csu.bonus ?? 0,
    district_points: district.points, district_count: district.count, district_bonus: district.bonus ?? 0,
    credits_attempted: String(document.credits.attempted), credits_earned: String(document.credits.earned),
  };
}


/** Same figures? Credits compare as numbers: '5' and '5.00' are the same credit. */
export function sameFigures(a: StoredGpa, b: StoredGpa): boolean {
  return GPA_FIELDS.every((f) => a[f] === b[f]) && Number(a.credits_attempted) === Number(b.credits_attempted) && Number(a.credits_earned) === Number(b.credits_earned);
}
