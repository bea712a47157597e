import { SECTIONING_RESULT_FORMAT, type SectioningInstanceInput, type SectioningResult } from '../formats/sectioning.ts';
import { SeededRandom } from '../random.ts';
import { balanceSections, rebalanceByResolving } from './sectioning-balance.ts';
import { constructSchedules, studentBounds } from './sectioning-construct.ts';
import { belowBound, improveSchedules, resolveTogether } from './sectioning-improve.ts';
import { buildSectioningModel } from './sectioning-model.ts';
import { unmetRequests } from './sectioning-reasons.ts';
import { SectioningState } from './sectioning-state.ts';

export { balanceSections, rebalanceByResolving } from './sectioning-balance.ts';
export { unmetRequests } from './sectioning-reasons.ts';
export { SectioningState } from './sectioning-state.ts';

/**
 * The batch student scheduler. Built after UniTime's student sectioning (Müller & Murray 2010),
 * in three phases:
 *
 * 1. Construction: students, hardest first, each placed by a branch and bound over the times of
 *    the courses they asked for, maximizing their own lexicographic objective (required met,
 *    then score, then a complete schedule, then tie-breaks) with the seats still free.
 * 2. Improvement, until nothing improves or time is up: every student below what they could have
 *    with unlimited seats is re-solved alone; then seat-freeing ejections (a student holding a
 *    seat the unplaced student needs is re-solved after them, and the pair is kept only if the
 *    school's objective improved); then a large-neighbourhood search that unassigns a student and
 *    the holders of the seats they want and re-solves them, keeping non-worse outcomes.
 * 3. Balance: students moved between sections of one course, only where their other sections
 *    allow, so the fullest and emptiest sections come closer without changing anything else.
 *
 * Every move is judged on the school's objective in the spec's order, so nothing ever trades a
 * required course for anything else.
 *
 * One file per seam: sectioning-state.ts (who sits where, and the per-student branch and bound
 * every phase calls), sectioning-construct.ts, sectioning-improve.ts, sectioning-balance.ts, and
 * sectioning-reasons.ts (why each unmet request is unmet).
 */

/** The share of the time limit improvement may use; balancing sections has at most the rest. */
const IMPROVEMENT_SHARE = 0.75;

export interface SectioningProgress {
  phase: 'construct' | 'improve' | 'balance' | 'done';
  students: number;
  studentsPlaced: number;
  requiredMet: number;
  requiredTotal: number;
  requestsMet: number;
  seconds: number;
}

export interface ScheduleOptions {
  /** Seeds every random choice (order of ties, neighbourhoods); default 1. */
  seed?: number;
  /** The run's time limit in seconds (needs `now`), improvement and balance together; default 60. */
  timeLimitSeconds?: number;
  /** Milliseconds clock, e.g. `performance.now`. Without it the run is bounded by iterations only. */
  now?: () => number;
  onProgress?: (progress: SectioningProgress) => void;
  /** Large-neighbourhood iterations without improvement before stopping; default scales with the school. */
  patience?: number;
}

export interface SectioningRun {
  result: SectioningResult;
  state: SectioningState;
}

/** Run the scheduler and keep the internal state (for tests and the benchmark). */
export function runSectioning(instance: SectioningInstanceInput, options: ScheduleOptions = {}): SectioningRun {
  const now = options.now;
  const started = now ? now() : 0;
  const seconds = () => (now ? (now() - started) / 1000 : 0);
  const timeLimit = options.timeLimitSeconds ?? 60;
  // The time limit is the whole run's, balance included: improvement stops at this share of it,
  // and the balance that follows has the rest of the share, however early improvement stopped, so
  // a school with many seats to even out does not spend its whole limit on class sizes.
  const improvementUp = () => now !== undefined && seconds() >= timeLimit * IMPROVEMENT_SHARE;
  let balanceEnds = timeLimit;
  const balanceUp = () => now !== undefined && seconds() >= balanceEnds;
  const random = new SeededRandom(options.seed ?? 1);
  const model = buildSectioningModel(instance);
  const state = new SectioningState(model);
  const nStudents = model.studentIds.length;
  const requiredTotal = model.requests.filter((request) => request.required).length;
  const allStudents = Array.from({ length: nStudents }, (_, student) => student);

  const progress = (phase: SectioningProgress['phase'], studentsPlaced: number) => {
    if (!options.onProgress) return;
    const totals = state.totalsOf(allStudents);
    let requestsMet = 0;
    for (let requestIndex = 0; requestIndex < model.requests.length; requestIndex++) if (state.reqSection[requestIndex]! >= 0 || model.requests[requestIndex]!.metByFixed >= 0) requestsMet++;
    options.onProgress({ phase, students: nStudents, studentsPlaced, requiredMet: totals.req, requiredTotal, requestsMet, seconds: seconds() });
  };

  const bounds = studentBounds(state);
  // 1. Construction, hardest students first.
  constructSchedules(state, random, (studentsPlaced) => progress('construct', studentsPlaced));
  // 2. Improvement.
  const iterations = improveSchedules({ state, bounds, random, timeUp: improvementUp, patience: options.patience, onPass: () => progress('improve', nStudents) });
  // 3. Balance sections within each course, then fill any hole a free seat can still fill.
  balanceEnds = Math.min(timeLimit, seconds() + timeLimit * (1 - IMPROVEMENT_SHARE));
  balanceSections(state);
  rebalanceByResolving(state, undefined, balanceUp);
  balanceSections(state);
  for (const student of allStudents) if (belowBound(state, bounds, student)) resolveTogether(state, [student], false);
  progress('balance', nStudents);

  const result: SectioningResult = {
    format: SECTIONING_RESULT_FORMAT,
    assignments: [],
    unmet: [],
    stats: { seconds: 0 },
  };
  for (let student = 0; student < nStudents; student++) {
    for (let requestIndex = model.requestStart[student]!; requestIndex < model.requestStart[student + 1]!; requestIndex++) {
      const section = state.reqSection[requestIndex]!;
      if (section >= 0) result.assignments.push({ student: model.studentIds[student]!, section: model.sectionIds[section]! });
    }
  }
  result.unmet = unmetRequests(state);
  const totals = state.totalsOf(allStudents);
  result.stats = {
    seconds: Math.round(seconds() * 1000) / 1000,
    seed: options.seed ?? 1,
    iterations,
    nodes: state.nodes,
    requiredMet: totals.req,
    requiredTotal,
    studentsComplete: totals.complete,
    students: nStudents,
    // What each student could have if every section had room, summed: a bound no schedule beats.
    boundRequiredMet: bounds.required.reduce((a, b) => a + b, 0),
    boundScore: bounds.score.reduce((a, b) => a + b, 0) / 10,
    /** Students whose own bound search was cut short (their bound is the looser sum of best options). */
    boundsCut: bounds.cut,
  };
  progress('done', nStudents);
  return { result, state };
}

/** Place each student in sections of the courses they asked for. See the module comment. */
export function scheduleStudents(instance: SectioningInstanceInput, options: ScheduleOptions = {}): SectioningResult {
  return runSectioning(instance, options).result;
}
