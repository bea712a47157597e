// Credits attempted and earned (gpa.md, *Credits*). The marks that earn credit are also the
// marks the graduation audit counts toward the diploma, so both read them from here.
import { attemptsCredits, passes, type CourseModel } from './course-model.ts';
import { fromCreditUnits } from './credits.ts';
import type { Mark } from '../formats/transcript.ts';

/**
 * Each course's first passing entry, in chronological order: the mark that earns the course its
 * credit, once, whatever came after it (a D repeated with an F keeps the D's credit). With
 * `inProgressPasses`, in-progress courses are taken as passing, which is how the audit asks what
 * the student would have if everything now being taken were passed.
 */
export function firstPassingEntries(model: CourseModel, inProgressPasses: boolean): number[] {
  const taken = new Uint8Array(model.courseCount);
  const counted: number[] = [];
  const { chronological, courseOf, markCount, entries } = model;
  for (let k = 0; k < chronological.length; k++) {
    const i = chronological[k]!;
    const course = courseOf[i]!;
    if (taken[course]) continue;
    const pass = i < markCount ? passes((entries[i] as Mark).mark) : inProgressPasses;
    if (!pass) continue;
    taken[course] = 1;
    counted.push(i);
  }
  return counted;
}

export interface CreditTotals {
  /** Exact sums in credit units. */
  attemptedUnits: number;
  earnedUnits: number;
}

export function creditTotals(model: CourseModel): CreditTotals {
  let attemptedUnits = 0;
  for (let i = 0; i < model.markCount; i++) {
    if (attemptsCredits((model.entries[i] as Mark).mark)) attemptedUnits += model.creditUnits[i]!;
  }
  let earnedUnits = 0;
  for (const i of firstPassingEntries(model, false)) earnedUnits += model.creditUnits[i]!;
  return { attemptedUnits, earnedUnits };
}

/** The `credits` object of `homeroom.gpa/v1`. */
export function creditFigures(totals: CreditTotals): { attempted: number; earned: number } {
  return { attempted: fromCreditUnits(totals.attemptedUnits), earned: fromCreditUnits(totals.earnedUnits) };
}

/**
 * Each mark's own credits, in the order of `marks`: attempted when the mark attempts credit, and
 * earned when it is the course's first pass (so the lines of a transcript add up to its totals).
 */
export function creditsByMark(model: CourseModel): Array<{ attempted: number; earned: number }> {
  const earning = new Set(firstPassingEntries(model, false));
  const lines: Array<{ attempted: number; earned: number }> = [];
  for (let i = 0; i < model.markCount; i++) {
    const units = model.creditUnits[i]!;
    lines.push({ attempted: attemptsCredits((model.entries[i] as Mark).mark) ? fromCreditUnits(units) : 0, earned: earning.has(i) ? fromCreditUnits(units) : 0 });
  }
  return lines;
}
