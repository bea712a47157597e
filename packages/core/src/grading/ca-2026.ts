// Rule set `ca-2026` (shared/rules/gpa.md): the UC and CSU admission GPAs and the district GPA
// (LAUSD preset), as data and small functions for the GPA engine.
import type { GpaFigures, Mark, Student } from '../formats/transcript.ts';
import { C_OR_BETTER } from './course-model.ts';
import { ratio, type GpaDefinition, type GpaRuleSet, type HonorsCap } from './gpa-rule-set.ts';

/** UC and CSU: at most 4 honors points from grade 10, and 8 in all. */
const UNIVERSITY_CAP: HonorsCap = { perGrade: { 10: 4 }, total: 8 };

/**
 * The UC grade of a mark: its grade level in S1/S2; a summer counts with the grade that follows
 * it, except the summer after grade 11, which stays in 11 (the window ends with grade 11).
 */
export function ucGrade(mark: Mark): number | null {
  if (mark.term !== 'SU') return mark.gradeLevel;
  if (mark.gradeLevel === 9 || mark.gradeLevel === 10) return 10;
  if (mark.gradeLevel === 11) return 11;
  return null;
}

function universityWindow(label: string) {
  return (mark: Mark): number | string => {
    if (mark.ag === null) return 'not an A-G course';
    const grade = ucGrade(mark);
    if (grade === null) return `summer after grade ${mark.gradeLevel} is outside the ${label} window`;
    if (grade !== 10 && grade !== 11) return `grade ${grade}${grade <= 8 ? ' (middle school)' : ''} is outside the ${label} window`;
    return grade;
  };
}

const COLLEGE_TWICE = { times: 2, because: 'college course' } as const;

export const ucGpa: GpaDefinition = {
  id: 'uc',
  label: 'UC',
  window: universityWindow('UC'),
  honorsPoint(mark: Mark, points: number, student: Student) {
    if (!mark.ucHonors || points < C_OR_BETTER) return false;
    // UC gives nonresidents the honors point for AP and IB only.
    if (student.residency === 'nonresident' && mark.honors !== 'ap' && mark.honors !== 'ib') return 'nonresident, not AP/IB';
    return true;
  },
  cap: UNIVERSITY_CAP,
  showHonorsGrade: true,
  report: (t): GpaFigures => ({
    points: t.points,
    count: t.count,
    bonusUncapped: t.bonusUncapped,
    bonusCapped: t.bonusCapped,
    unweighted: ratio(t.points, t.count),
    weightedCapped: ratio(t.points + t.bonusCapped, t.count),
    fullyWeighted: ratio(t.points + t.bonusUncapped, t.count),
  }),
};

export const csuGpa: GpaDefinition = {
  id: 'csu',
  label: 'CSU',
  window: universityWindow('CSU'),
  timesCounted: (mark) => (mark.honors === 'college' ? COLLEGE_TWICE : null),
  honorsPoint: (mark, points) => mark.ucHonors && points >= C_OR_BETTER,
  cap: UNIVERSITY_CAP,
  showHonorsGrade: true,
  report: (t): GpaFigures => ({
    points: t.points,
    count: t.count,
    bonus: t.bonusCapped,
    weighted: ratio(t.points + t.bonusCapped, t.count),
  }),
};

export const lausdDistrictGpa: GpaDefinition = {
  id: 'district',
  label: 'district',
  window(mark) {
    if (mark.gradeLevel < 9) return `grade ${mark.gradeLevel} (middle school) is outside the district window`;
    return mark.gradeLevel;
  },
  honorsPoint: (mark, points) => mark.honors !== 'none' && points >= C_OR_BETTER,
  cap: null,
  showHonorsGrade: false,
  report: (t): GpaFigures => ({
    points: t.points,
    count: t.count,
    bonus: t.bonusUncapped,
    unweighted: ratio(t.points, t.count),
    weighted: ratio(t.points + t.bonusUncapped, t.count),
  }),
};

export const ca2026: GpaRuleSet = {
  name: 'ca-2026',
  description: 'UC and CSU admission GPAs (grades 10–11, A-G, honors caps) and the LAUSD district GPA',
  gpas: [ucGpa, csuGpa, lausdDistrictGpa],
};
