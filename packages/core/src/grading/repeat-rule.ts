// The repeat rule, once, for every GPA and for the graduation audit's A-G verdict: two
// implementations would sooner or later disagree about a senior's eligibility.
import { C_OR_BETTER, type CourseModel } from './course-model.ts';

export const RepeatStatus = {
  /** Not an attempt that the caller considers (non-letter, outside a window, …). */
  NotConsidered: 0,
  /** The attempt that counts for its course. */
  Kept: 1,
  /** A D or F replaced by the first repeat; `ref` is the repeat. */
  Replaced: 2,
  /** A later attempt of a course whose first attempt was C or better; `ref` is that attempt. */
  AlreadyPassed: 3,
  /** An attempt after a D or F and its first repeat. */
  AfterRepeat: 4,
} as const;

const { Kept, Replaced, AlreadyPassed, AfterRepeat } = RepeatStatus;

export interface RepeatOutcome {
  status: Uint8Array;
  /** The entry a `Replaced` or `AlreadyPassed` status refers to; -1 otherwise. */
  ref: Int32Array;
}

/**
 * Walks each course's attempts in chronological order. `attemptPoints[i]` is the base points of
 * entry i's letter when the caller considers it an attempt (a GPA's window, or the audit's view
 * with in-progress courses counted as passing), and -1 otherwise: attempts a caller does not see
 * play no part, so a repeat outside a GPA's window leaves that GPA the original.
 */
export function applyRepeatRule(model: CourseModel, attemptPoints: Int8Array): RepeatOutcome {
  const total = model.entries.length;
  const status = new Uint8Array(total);
  const ref = new Int32Array(total).fill(-1);
  // Per course: 0 no attempt yet, 1 first attempt C or better, 2 first attempt D/F waiting
  // for its repeat, 3 the repeat has been taken.
  const state = new Uint8Array(model.courseCount);
  const first = new Int32Array(model.courseCount);
  const { chronological, courseOf } = model;
  for (let k = 0; k < chronological.length; k++) {
    const i = chronological[k]!;
    const points = attemptPoints[i]!;
    if (points < 0) continue;
    const course = courseOf[i]!;
    switch (state[course]) {
      case 0:
        status[i] = Kept;
        first[course] = i;
        state[course] = points >= C_OR_BETTER ? 1 : 2;
        break;
      case 1:
        status[i] = AlreadyPassed;
        ref[i] = first[course]!;
        break;
      case 2: {
        const original = first[course]!;
        status[original] = Replaced;
        ref[original] = i;
        status[i] = Kept;
        state[course] = 3;
        break;
      }
      default:
        status[i] = AfterRepeat;
    }
  }
  return { status, ref };
}
