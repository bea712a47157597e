// A GPA rule set is data plus a few small pure functions: which marks a GPA looks at, how many
// times a mark counts, which marks earn an honors point, how the honors bonus is capped, and
// which figures it reports. The engine (gpa.ts) does the rest — the repeat rule, exact integer
// tallies, the explanations — so a district adds its own rule set without touching the engine.
import type { GpaFigures, Mark, Student } from '../formats/transcript.ts';

/** What a GPA adds up; every figure an exact integer. */
export interface GpaTally {
  /** Base points of the counted marks (a mark counted twice, twice). */
  points: number;
  /** Counted marks (a mark counted twice, twice). */
  count: number;
  /** Honors marks by the grade the GPA places them in. */
  honorsByGrade: ReadonlyMap<number, number>;
  bonusUncapped: number;
  /** The bonus after the rule set's caps; equal to bonusUncapped without caps. */
  bonusCapped: number;
}

export interface HonorsCap {
  /** At most this many honors points from a grade (UC and CSU: 4 from grade 10). */
  perGrade: Readonly<Record<number, number>>;
  /** At most this many honors points in all (UC and CSU: 8). */
  total: number;
}

export interface GpaDefinition {
  /** The key of its figures in `homeroom.gpa/v1` and of its sentence in each explanation. */
  id: string;
  /** How counselors name it in a sentence: "outside the UC window". */
  label: string;
  /**
   * The grade a letter mark counts in for this GPA, or the reason it is outside the window
   * (a phrase such as "not an A-G course", written after "excluded: ").
   */
  window(mark: Mark, student: Student): number | string;
  /** How many times a counted mark counts, and why when more than once (CSU: college courses twice). */
  timesCounted?(mark: Mark): { times: number; because: string } | null;
  /**
   * Whether a counted mark earns the honors point: true, false, or the reason it does not when a
   * family would expect one (UC: a nonresident's district honors course).
   */
  honorsPoint(mark: Mark, points: number, student: Student): boolean | string;
  /** Caps on the honors bonus; null for none. */
  cap: HonorsCap | null;
  /** Whether the explanation names the grade of an honors point ("+ 1 honors (grade 10)"). */
  showHonorsGrade: boolean;
  /** The figures written in the document, from the exact tally. */
  report(tally: GpaTally): GpaFigures;
}

export interface GpaRuleSet {
  /** Versioned name: a document says which rule set produced it. */
  name: string;
  description: string;
  gpas: readonly GpaDefinition[];
}

/** An exact quotient, divided only here at the edge; null when nothing was counted. */
export function ratio(numerator: number, count: number): number | null {
  return count === 0 ? null : numerator / count;
}
