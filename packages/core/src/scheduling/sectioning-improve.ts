import type { SeededRandom } from '../random.ts';
import type { StudentBounds } from './sectioning-construct.ts';
import type { ModelRequest } from './sectioning-model.ts';
import { compareTotals, type SectioningState } from './sectioning-state.ts';

/**
 * Phase 2 of the student scheduler: local search from the constructed schedule. Every student
 * below their all-seats-free bound is re-solved alone; then seat-freeing ejections (a student
 * holding a seat the unplaced student needs is re-solved after them, and the pair is kept only if
 * the school's objective improved); then a large-neighbourhood search that unassigns a student and
 * the holders of the seats they want and re-solves them, keeping non-worse outcomes.
 */

/**
 * Outcomes of a trial move. A move that improves no goal but a tie-break (priority, earlier
 * alternate) does not reset patience; sideways moves are kept only where asked for.
 */
const GOAL_GAINED = 2;
const TIE_BREAK_GAINED = 1;
const SIDEWAYS = 0;
const UNDONE = -1;

/** Whether a student has less than they could have with every seat free. */
export function belowBound(state: SectioningState, bounds: StudentBounds, student: number): boolean {
  return state.stReq[student]! < bounds.required[student]! || state.stScore[student]! < bounds.score[student]!;
}

/** Re-solve the students in order; keep the outcome if the school is better off (or no worse, when allowed). */
export function resolveTogether(state: SectioningState, students: number[], acceptEqual: boolean): number {
  const saved = students.map((student) => state.snapshot(student));
  const before = state.totalsOf(students);
  for (const student of students) state.clearStudent(student);
  for (const student of students) state.solveStudent(student);
  const after = state.totalsOf(students);
  const cmp = compareTotals(after, before);
  if (cmp > 0) return after.req !== before.req || after.score !== before.score || after.complete !== before.complete ? GOAL_GAINED : TIE_BREAK_GAINED;
  if (cmp === 0 && acceptEqual) return SIDEWAYS;
  for (const student of students) state.clearStudent(student);
  students.forEach((student, i) => state.restore(student, saved[i]!));
  return UNDONE;
}

export interface ImproveOptions {
  state: SectioningState;
  bounds: StudentBounds;
  random: SeededRandom;
  timeUp: () => boolean;
  /** Large-neighbourhood iterations without improvement before stopping; default scales with the school. */
  patience?: number;
  /** Called after each ejection pass. */
  onPass: () => void;
}

/** Improve the schedule in place until nothing improves or time is up; returns the iterations spent. */
export function improveSchedules({ state, bounds, random, timeUp, patience: patienceOption, onPass }: ImproveOptions): number {
  const model = state.model;
  const nStudents = model.studentIds.length;
  const allStudents = Array.from({ length: nStudents }, (_, student) => student);
  const below = (student: number) => belowBound(state, bounds, student);
  const trial = (students: number[], acceptEqual: boolean) => resolveTogether(state, students, acceptEqual);

  /**
   * Full times a student could use: those of their unmet requests first (required before others),
   * then those of the requests they already have, since making room may mean moving one of those.
   */
  const wantedFullGroups = (student: number): number[] => {
    const groups: number[] = [];
    const requests: ModelRequest[] = [];
    for (let requestIndex = model.requestStart[student]!; requestIndex < model.requestStart[student + 1]!; requestIndex++) {
      const request = model.requests[requestIndex]!;
      if (request.metByFixed < 0 && request.candidates.length > 0) requests.push(request);
    }
    const tier = (request: ModelRequest) => (state.reqSection[model.requestStart[student]! + request.position]! >= 0 ? 2 : request.required ? 0 : 1);
    requests.sort((a, b) => tier(a) - tier(b));
    for (const request of requests) {
      for (let i = 0; i < request.candidates.length; i += 2) {
        const group = request.candidates[i + 1]!;
        if (state.groupFree[group]! <= 0 && !groups.includes(group)) groups.push(group);
      }
    }
    return groups;
  };

  const holdersOf = (group: number, except: number): number[] => {
    const holders: number[] = [];
    for (const section of model.groupSections[group]!) for (const holder of state.members[section]!) if (holder !== except) holders.push(holder);
    return holders;
  };

  /**
   * An ejection chain: put a student in a chosen time of an unmet request, even a full one; the
   * student whose seat that takes re-solves, and if they lose a request they take a time of it
   * the same way, up to a few links. Kept when the school is no worse off, else undone.
   */
  const chainMove = (firstStudent: number, acceptEqual: boolean): number => {
    const saved = new Map<number, Int32Array>();
    const touched: number[] = [];
    const before = { req: 0, score: 0, complete: 0, tie: 0 };
    const touch = (student: number) => {
      if (saved.has(student)) return;
      saved.set(student, state.snapshot(student));
      touched.push(student);
      before.req += state.stReq[student]!;
      before.score += state.stScore[student]!;
      before.complete += state.stComplete[student]!;
      before.tie += state.stTie[student]!;
    };
    // One of the student's unmet requests (with `onlyLost`, one they held in that snapshot), required ones likelier.
    const unmetOf = (student: number, onlyLost: Int32Array | null): number => {
      const found: number[] = [];
      const start = model.requestStart[student]!;
      for (let requestIndex = start; requestIndex < model.requestStart[student + 1]!; requestIndex++) {
        const request = model.requests[requestIndex]!;
        if (request.metByFixed >= 0 || state.reqSection[requestIndex]! >= 0 || request.candidates.length === 0) continue;
        if (onlyLost && onlyLost[(requestIndex - start) * 2 + 1]! < 0) continue;
        found.push(requestIndex);
      }
      if (found.length === 0) return -1;
      const required = found.filter((requestIndex) => model.requests[requestIndex]!.required);
      return random.pick(required.length > 0 && random.chance(0.8) ? required : found);
    };
    let mover = firstStudent;
    let targetRequest = unmetOf(firstStudent, null);
    for (let depth = 0; depth < 4 && targetRequest >= 0; depth++) {
      const request = model.requests[targetRequest]!;
      const group = request.candidates[random.int(request.candidates.length / 2) * 2 + 1]!;
      touch(mover);
      let ejected = -1;
      if (state.groupFree[group]! <= 0) {
        const holders = holdersOf(group, mover).filter((holder) => !saved.has(holder));
        if (holders.length === 0) break;
        ejected = random.pick(holders);
        touch(ejected);
        for (let requestIndex = model.requestStart[ejected]!; requestIndex < model.requestStart[ejected + 1]!; requestIndex++) {
          const section = state.reqSection[requestIndex]!;
          if (section >= 0 && model.sectionGroup[section] === group) state.unassign(requestIndex);
        }
        state.evaluate(ejected);
      }
      state.solveStudent(mover, false, true, targetRequest, group);
      if (ejected < 0) break;
      state.solveStudent(ejected);
      mover = ejected;
      targetRequest = unmetOf(ejected, saved.get(ejected)!);
    }
    const after = state.totalsOf(touched);
    const cmp = compareTotals(after, before);
    if (cmp > 0) return after.req !== before.req || after.score !== before.score || after.complete !== before.complete ? GOAL_GAINED : TIE_BREAK_GAINED;
    if (cmp === 0 && acceptEqual) return SIDEWAYS;
    for (const student of touched) state.clearStudent(student);
    for (const student of touched) state.restore(student, saved.get(student)!);
    return UNDONE;
  };

  // It stops when `patience` trials in a row have improved no goal (tie-breaks alone do not
  // count), or at the time limit.
  // Small schools are cheap to search for long; large ones get what a few seconds buy.
  const patience = patienceOption ?? Math.round(Math.max(5000, Math.min(8000, 1e6 / Math.max(1, nStudents))));
  let iterations = 0;
  let lastGain = 0;
  const maxHolders = 12;
  const maxTrialsPerStudent = 60;
  /** Seat-freeing ejections for every student below their bound; true if a goal gained. */
  const ejectionPass = (): boolean => {
    const candidates = allStudents.filter(below);
    random.shuffle(candidates);
    candidates.sort((a, b) => bounds.required[b]! - state.stReq[b]! - (bounds.required[a]! - state.stReq[a]!));
    let gained = false;
    for (const student of candidates) {
      if (timeUp() || iterations - lastGain > patience) break;
      if (!below(student)) continue;
      iterations++;
      if (trial([student], false) === GOAL_GAINED) {
        gained = true;
        lastGain = iterations;
        continue;
      }
      let done = false;
      let budget = maxTrialsPerStudent;
      for (const group of wantedFullGroups(student)) {
        const holders = random.shuffle(holdersOf(group, student)).slice(0, maxHolders);
        for (const holder of holders) {
          if (--budget < 0) break;
          iterations++;
          if (trial([student, holder], false) === GOAL_GAINED) {
            gained = true;
            lastGain = iterations;
            done = true;
            break;
          }
        }
        if (done || timeUp()) break;
      }
    }
    return gained;
  };

  for (let pass = 0; pass < 100 && !timeUp(); pass++) {
    if (!allStudents.some(below) || iterations - lastGain > patience) break;
    const gained = ejectionPass();
    onPass();
    if (gained) continue;

    // Large-neighbourhood search: unassign a student wanting more and a few holders of the seats
    // they want (possibly across several courses), re-solve in a random order behind them.
    // Sideways moves are kept, so the search can walk across plateaus.
    let lnsGained = false;
    while (iterations - lastGain < patience && !timeUp() && !lnsGained) {
      const pool = allStudents.filter(below);
      if (pool.length === 0) break;
      for (let k = 0; k < 50; k++) {
        iterations++;
        const student = random.pick(pool);
        if (!below(student)) continue;
        if (random.chance(0.5)) {
          if (chainMove(student, true) === GOAL_GAINED) {
            lastGain = iterations;
            lnsGained = true;
          }
          continue;
        }
        if (wantedFullGroups(student).length === 0) continue;
        // Grow the neighbourhood as a chain: holders of the seats the student wants, then holders
        // of the seats those holders would want in turn, so moves several students deep can be found.
        const neighbourhood = new Set<number>([student]);
        const size = 2 + random.int(7);
        const joined = [student];
        for (let tries = 0; tries < size * 4 && neighbourhood.size < size; tries++) {
          const seeker = random.chance(0.6) ? student : random.pick(joined);
          const groups = wantedFullGroups(seeker);
          if (groups.length === 0) continue;
          const holders = holdersOf(random.pick(groups), seeker);
          if (holders.length === 0) continue;
          const holder = random.pick(holders);
          if (!neighbourhood.has(holder)) {
            neighbourhood.add(holder);
            joined.push(holder);
          }
        }
        const [first, ...rest] = [...neighbourhood];
        random.shuffle(rest);
        // Usually the student who wants more chooses first; sometimes the others do.
        const sequence = random.chance(0.75) ? [first!, ...rest] : random.shuffle([first!, ...rest]);
        if (trial(sequence, true) === GOAL_GAINED) {
          lastGain = iterations;
          lnsGained = true;
        }
      }
    }
    // Sideways moves may have opened a door an ejection can walk through.
    if (!lnsGained && !ejectionPass()) break;
  }
  return iterations;
}
