import type { SeededRandom } from '../random.ts';
import type { SectioningModel } from './sectioning-model.ts';
import type { SectioningState } from './sectioning-state.ts';

/**
 * Phase 1 of the student scheduler, and the bounds every later phase measures against: what each
 * student could have if every seat were free, then a first schedule placed student by student.
 */

/** Per student, the required requests and score (tenths) they could have with every seat free. */
export interface StudentBounds {
  required: Int32Array;
  score: Int32Array;
  /** Students whose own bound search was cut short (their bound is the looser sum of best options). */
  cut: number;
}

/** Each student's all-seats-free optimum, found alone and left unplaced: who can still gain, and when to stop. */
export function studentBounds(state: SectioningState): StudentBounds {
  const nStudents = state.model.studentIds.length;
  const required = new Int32Array(nStudents);
  const score = new Int32Array(nStudents);
  let cut = 0;
  for (let student = 0; student < nStudents; student++) {
    state.solveStudent(student, true, true);
    required[student] = state.lastSearchCut ? state.lastRootBound.req : state.stReq[student]!;
    score[student] = state.lastSearchCut ? state.lastRootBound.score : state.stScore[student]!;
    if (state.lastSearchCut) cut++;
    state.clearStudent(student);
    state.evaluate(student);
  }
  return { required, score, cut };
}

/** How hard a student is to place: scarce times and required courses first. */
function difficulty(model: SectioningModel, student: number): number {
  let total = 0;
  for (let requestIndex = model.requestStart[student]!; requestIndex < model.requestStart[student + 1]!; requestIndex++) {
    const request = model.requests[requestIndex]!;
    if (request.metByFixed >= 0) continue;
    const times = request.candidates.length / 2;
    total += (request.required ? 10 : 1) / Math.max(1, times);
  }
  return total + model.studentFixed[student]!.length + model.studentUnavailable[student]!.length * 0.5;
}

/**
 * Place every student, hardest first, each in their best schedule with the seats still free; ties
 * are broken by the seed. `onPlaced` hears every 500 students and once at the end.
 */
export function constructSchedules(state: SectioningState, random: SeededRandom, onPlaced: (studentsPlaced: number) => void): void {
  const model = state.model;
  const nStudents = model.studentIds.length;
  const allStudents = Array.from({ length: nStudents }, (_, student) => student);
  const tieBreak = random.shuffle([...allStudents]);
  const rankOf = new Int32Array(nStudents);
  tieBreak.forEach((student, i) => (rankOf[student] = i));
  const hardness = allStudents.map((student) => difficulty(model, student));
  const order = [...allStudents].sort((a, b) => hardness[b]! - hardness[a]! || rankOf[a]! - rankOf[b]!);
  order.forEach((student, i) => {
    state.solveStudent(student);
    if ((i + 1) % 500 === 0) onPlaced(i + 1);
  });
  onPlaced(nStudents);
}
