// Each school year's GPAs, as a transcript prints them beside the cumulative ones.
import type { GpaDocument, Transcript } from '../formats/transcript.ts';
import { computeGpa } from './gpa.ts';
import type { GpaRuleSet } from './gpa-rule-set.ts';

/**
 * The GPAs of each school year's marks alone (summer marks with the school year they follow),
 * under the same rule set, windows and repeat rule as the cumulative GPA: a year outside a GPA's
 * window (grade 9 for UC) has no figure for it. In chronological order of school year.
 */
export function yearlyGpas(transcript: Transcript, ruleSet: GpaRuleSet): Array<{ schoolYear: string; gpa: GpaDocument }> {
  const years = [...new Set(transcript.marks.map((m) => m.schoolYear))].sort();
  return years.map((schoolYear) => ({
    schoolYear,
    gpa: computeGpa({ student: transcript.student, marks: transcript.marks.filter((m) => m.schoolYear === schoolYear), inProgress: [] }, ruleSet),
  }));
}
