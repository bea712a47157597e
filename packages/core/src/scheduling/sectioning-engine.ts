import { SECTIONING_RESULT_FORMAT, type SectioningInstanceInput, type SectioningResult, type UnmetRequest } from '../formats/sectioning.ts';
import { SeededRandom } from '../random.ts';
import { buildSectioningModel, type ModelRequest, type SectioningModel } from './sectioning-model.ts';

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
 */

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
  /** Stop improving after this many seconds (needs `now`); default 60. */
  timeLimitSeconds?: number;
  /** Milliseconds clock, e.g. `performance.now`. Without it the run is bounded by iterations only. */
  now?: () => number;
  onProgress?: (progress: SectioningProgress) => void;
  /** Large-neighbourhood iterations without improvement before stopping; default scales with the school. */
  patience?: number;
}

/** Nodes per student before the search settles for its best so far (it starts from a good one). */
const NODE_LIMIT = 500;
/**
 * The all-seats-free search may run longer; where even this is cut, the student's bound falls
 * back to the sum of each request's best option, which is looser but still a bound.
 */
const BOUND_NODE_LIMIT = 50_000;

interface Totals {
  req: number;
  score: number;
  complete: number;
  tie: number;
}

function compareTotals(a: Totals, b: Totals): number {
  if (a.req !== b.req) return a.req - b.req;
  if (a.score !== b.score) return a.score - b.score;
  if (a.complete !== b.complete) return a.complete - b.complete;
  const d = a.tie - b.tie;
  return Math.abs(d) < 1e-9 ? 0 : d;
}

/** The mutable state of one run: who sits where, seats left, each student's objective. */
export class SectioningState {
  readonly m: SectioningModel;
  readonly enrolled: Int32Array;
  readonly groupFree: Int32Array;
  readonly groupCapacity: Int32Array;
  /** Seats of each time option left after fixed students: a time with none is never usable. */
  readonly groupSeats: Int32Array;
  readonly reqSection: Int32Array;
  readonly reqOption: Int32Array;
  readonly members: number[][];
  readonly stReq: Int32Array;
  readonly stScore: Int32Array;
  readonly stComplete: Uint8Array;
  readonly stTie: Float64Array;
  nodes = 0;
  /** Whether the last search stopped at its node limit, and its root bound (required, score). */
  lastSearchCut = false;
  lastRootBound = { req: 0, score: 0 };
  // Scratch space of the branch and bound, allocated once.
  private readonly usedSlot: Uint8Array;
  private readonly courseUsed: Uint8Array;

  constructor(model: SectioningModel) {
    this.m = model;
    const nSections = model.sectionIds.length;
    const nGroups = model.groupSections.length;
    this.enrolled = Int32Array.from(model.sectionFixed);
    this.groupFree = new Int32Array(nGroups);
    this.groupCapacity = new Int32Array(nGroups);
    for (let g = 0; g < nGroups; g++) {
      for (const sec of model.groupSections[g]!) {
        this.groupFree[g]! += Math.max(0, model.sectionCapacity[sec]! - model.sectionFixed[sec]!);
        this.groupCapacity[g]! += model.sectionCapacity[sec]!;
      }
    }
    this.groupSeats = Int32Array.from(this.groupFree);
    this.reqSection = new Int32Array(model.requests.length).fill(-1);
    this.reqOption = new Int32Array(model.requests.length).fill(-1);
    this.members = Array.from({ length: nSections }, () => []);
    const nStudents = model.studentIds.length;
    this.stReq = new Int32Array(nStudents);
    this.stScore = new Int32Array(nStudents);
    this.stComplete = new Uint8Array(nStudents);
    this.stTie = new Float64Array(nStudents);
    this.usedSlot = new Uint8Array(model.slotIds.length);
    this.courseUsed = new Uint8Array(model.courseIds.length);
    for (let s = 0; s < nStudents; s++) this.evaluate(s);
  }

  sectionFree(sec: number): number {
    return this.m.sectionCapacity[sec]! - this.enrolled[sec]!;
  }

  assign(r: number, option: number, sec: number): void {
    const s = this.m.requests[r]!.student;
    this.reqSection[r] = sec;
    this.reqOption[r] = option;
    this.enrolled[sec]!++;
    this.groupFree[this.m.sectionGroup[sec]!]!--;
    this.members[sec]!.push(s);
  }

  unassign(r: number): void {
    const sec = this.reqSection[r]!;
    if (sec < 0) return;
    const s = this.m.requests[r]!.student;
    this.reqSection[r] = -1;
    this.reqOption[r] = -1;
    this.enrolled[sec]!--;
    this.groupFree[this.m.sectionGroup[sec]!]!++;
    const list = this.members[sec]!;
    const at = list.lastIndexOf(s);
    list[at] = list[list.length - 1]!;
    list.pop();
  }

  clearStudent(s: number): void {
    for (let r = this.m.requestStart[s]!; r < this.m.requestStart[s + 1]!; r++) this.unassign(r);
  }

  /** Recompute a student's objective from their sections. */
  evaluate(s: number): void {
    let req = 0;
    let score = 0;
    let tie = 0;
    let complete = 1;
    for (let r = this.m.requestStart[s]!; r < this.m.requestStart[s + 1]!; r++) {
      const request = this.m.requests[r]!;
      const o = request.metByFixed >= 0 ? request.metByFixed : this.reqOption[r]!;
      if (o < 0) {
        complete = 0;
        continue;
      }
      const option = request.options[o]!;
      if (request.required) req++;
      score += option.weight;
      tie += option.tie;
    }
    this.stReq[s] = req;
    this.stScore[s] = score;
    this.stComplete[s] = complete;
    this.stTie[s] = tie;
  }

  totalsOf(students: readonly number[]): Totals {
    const t = { req: 0, score: 0, complete: 0, tie: 0 };
    for (const s of students) {
      t.req += this.stReq[s]!;
      t.score += this.stScore[s]!;
      t.complete += this.stComplete[s]!;
      t.tie += this.stTie[s]!;
    }
    return t;
  }

  snapshot(s: number): Int32Array {
    const start = this.m.requestStart[s]!;
    const end = this.m.requestStart[s + 1]!;
    const saved = new Int32Array((end - start) * 2);
    for (let r = start; r < end; r++) {
      saved[(r - start) * 2] = this.reqOption[r]!;
      saved[(r - start) * 2 + 1] = this.reqSection[r]!;
    }
    return saved;
  }

  restore(s: number, saved: Int32Array): void {
    this.clearStudent(s);
    const start = this.m.requestStart[s]!;
    for (let i = 0; i < saved.length; i += 2) {
      if (saved[i + 1]! >= 0) this.assign(start + i / 2, saved[i]!, saved[i + 1]!);
    }
    this.evaluate(s);
  }

  /**
   * Branch and bound for one student over their requests' time options, with the seats now free
   * (or, with `ignoreSeats`, as if every section were empty: the student's own upper bound). The
   * student's current sections are released first. Returns the best key found; applies it unless
   * `apply` is false (the student is then left unassigned).
   */
  solveStudent(s: number, ignoreSeats = false, apply = true, forceRequest = -1, forceGroup = -1): number {
    const m = this.m;
    // The student's present schedule seeds the search (it stays feasible when their seats are
    // released), so the bound prunes from the first node and a re-solve never ends worse.
    const current = ignoreSeats ? null : this.snapshot(s);
    this.clearStudent(s);
    const start = m.requestStart[s]!;
    const end = m.requestStart[s + 1]!;
    let baseReq = 0;
    let baseScore = 0;
    let baseTie = 0;
    const open: number[] = [];
    let impossible = false;
    for (let r = start; r < end; r++) {
      const request = m.requests[r]!;
      if (request.metByFixed >= 0) {
        const option = request.options[request.metByFixed]!;
        if (request.required) baseReq++;
        baseScore += option.weight;
        baseTie += option.tie;
      } else if (request.candidates.length === 0) {
        impossible = true;
      } else {
        open.push(r);
      }
    }
    const n = open.length;
    const tieScale = ignoreSeats ? 0 : 10 / (n + end - start + 1);
    const nodeLimit = ignoreSeats ? BOUND_NODE_LIMIT : NODE_LIMIT;
    // Candidates of each open request with seats, best first (asked-for course, then the emptiest time).
    const lists: Int32Array[] = [];
    const maxReq = new Float64Array(n + 1);
    const maxScore = new Float64Array(n + 1);
    const maxTie = new Float64Array(n + 1);
    const hasAny = new Uint8Array(n + 1);
    const order = open.map((r) => {
      const request = m.requests[r]!;
      const pairs: number[] = [];
      const c = request.candidates;
      for (let i = 0; i < c.length; i += 2) {
        if (r === forceRequest && c[i + 1] !== forceGroup) continue;
        if ((ignoreSeats ? this.groupSeats : this.groupFree)[c[i + 1]!]! > 0) pairs.push(i);
      }
      pairs.sort((a, b) => {
        const wa = request.options[c[a]!]!.weight;
        const wb = request.options[c[b]!]!.weight;
        if (wa !== wb) return wb - wa;
        if (ignoreSeats) return a - b;
        return this.groupFree[c[b + 1]!]! / this.groupCapacity[c[b + 1]!]! - this.groupFree[c[a + 1]!]! / this.groupCapacity[c[a + 1]!]! || a - b;
      });
      return { r, pairs: Int32Array.from(pairs) };
    });
    // Most constrained first: required before others, then fewest times to choose from.
    order.sort((a, b) => {
      const ra = m.requests[a.r]!.required ? 0 : 1;
      const rb = m.requests[b.r]!.required ? 0 : 1;
      return ra - rb || a.pairs.length - b.pairs.length || a.r - b.r;
    });
    for (let i = 0; i < n; i++) lists.push(order[i]!.pairs);
    for (let i = n - 1; i >= 0; i--) {
      const request = m.requests[order[i]!.r]!;
      const pairs = lists[i]!;
      let w = 0;
      let t = 0;
      for (let k = 0; k < pairs.length; k++) {
        const option = request.options[request.candidates[pairs[k]!]!]!;
        if (option.weight > w) w = option.weight;
        if (option.tie > t) t = option.tie;
      }
      maxReq[i] = maxReq[i + 1]! + (pairs.length > 0 && request.required ? 1 : 0);
      maxScore[i] = maxScore[i + 1]! + w;
      maxTie[i] = maxTie[i + 1]! + t;
      hasAny[i] = (i === n - 1 ? 1 : hasAny[i + 1]!) & (pairs.length > 0 ? 1 : 0);
    }
    if (n === 0) hasAny[0] = 1;

    const usedSlot = this.usedSlot;
    const courseUsed = this.courseUsed;
    for (const f of m.studentFixed[s]!) {
      for (const slot of m.sectionSlots[f]!) usedSlot[slot] = 1;
      courseUsed[m.sectionCourse[f]!] = 1;
    }
    const choice = new Int32Array(n).fill(-1);
    const best = new Int32Array(n).fill(-1);
    let bestKey = -Infinity;
    let nodes = 0;

    // Balance is not in the key: searching on for a slightly emptier time would cost thousands of
    // nodes per student. Times are tried emptiest first, so the first best schedule found is balanced.
    const keyOf = (req: number, score: number, complete: boolean, tie: number) => req * 1e7 + score * 1e3 + (complete ? 100 : 0) + tie * tieScale;

    const dfs = (i: number, req: number, score: number, tie: number, allMet: boolean): void => {
      nodes++;
      if (i === n) {
        const key = keyOf(req, score, allMet && !impossible, tie);
        if (key > bestKey + 1e-9) {
          bestKey = key;
          best.set(choice);
        }
        return;
      }
      const bound = keyOf(req + maxReq[i]!, score + maxScore[i]!, allMet && !impossible && hasAny[i] === 1, tie + maxTie[i]!);
      if (bound <= bestKey + 1e-9) return;

      if (nodes > nodeLimit && bestKey > -Infinity) return;
      const request = m.requests[order[i]!.r]!;
      const pairs = lists[i]!;
      const cand = request.candidates;
      for (let k = 0; k < pairs.length; k++) {
        const p = pairs[k]!;
        const option = request.options[cand[p]!]!;
        const g = cand[p + 1]!;
        if (courseUsed[option.course]) continue;
        const slots = m.groupSlots[g]!;
        let clash = false;
        for (let q = 0; q < slots.length; q++) {
          if (usedSlot[slots[q]!]) {
            clash = true;
            break;
          }
        }
        if (clash) continue;
        for (let q = 0; q < slots.length; q++) usedSlot[slots[q]!] = 1;
        courseUsed[option.course] = 1;
        choice[i] = p;
        dfs(i + 1, req + (request.required ? 1 : 0), score + option.weight, tie + option.tie, allMet);
        choice[i] = -1;
        courseUsed[option.course] = 0;
        for (let q = 0; q < slots.length; q++) usedSlot[slots[q]!] = 0;
        if (nodes > nodeLimit && bestKey > -Infinity) return;
      }
      if (order[i]!.r !== forceRequest) dfs(i + 1, req, score, tie, false);
    };
    if (current && forceRequest < 0) {
      // Express the present schedule as choices and take it as the incumbent.
      let req = baseReq;
      let score = baseScore;
      let tie = baseTie;
      let allMet = !impossible;
      let ok = true;
      for (let i = 0; i < n && ok; i++) {
        const r = order[i]!.r;
        const sec = current[(r - start) * 2 + 1]!;
        if (sec < 0) {
          allMet = false;
          continue;
        }
        const o = current[(r - start) * 2]!;
        const g = m.sectionGroup[sec]!;
        const request = m.requests[r]!;
        const pairs = lists[i]!;
        let found = -1;
        for (let k = 0; k < pairs.length; k++) {
          const p = pairs[k]!;
          if (request.candidates[p] === o && request.candidates[p + 1] === g) found = p;
        }
        if (found < 0) ok = false;
        else {
          best[i] = found;
          const option = request.options[o]!;
          if (request.required) req++;
          score += option.weight;
          tie += option.tie;
        }
      }
      if (ok) bestKey = keyOf(req, score, allMet, tie) - 1e-6;
      else best.fill(-1);
    }
    dfs(0, baseReq, baseScore, baseTie, true);
    this.nodes += nodes;
    this.lastSearchCut = nodes > nodeLimit;
    this.lastRootBound = { req: baseReq + maxReq[0]!, score: baseScore + maxScore[0]! };
    if (forceRequest >= 0 && bestKey === -Infinity) {
      // The forced time could not be taken (its course went to another request): solve freely.
      for (const f of m.studentFixed[s]!) {
        for (const slot of m.sectionSlots[f]!) usedSlot[slot] = 0;
        courseUsed[m.sectionCourse[f]!] = 0;
      }
      return this.solveStudent(s, ignoreSeats, apply);
    }

    for (const f of m.studentFixed[s]!) {
      for (const slot of m.sectionSlots[f]!) usedSlot[slot] = 0;
      courseUsed[m.sectionCourse[f]!] = 0;
    }
    if (apply) {
      for (let i = 0; i < n; i++) {
        const p = best[i]!;
        if (p < 0) continue;
        const r = order[i]!.r;
        const request = m.requests[r]!;
        const g = request.candidates[p + 1]!;
        let bestSection = -1;
        let bestFree = -Infinity;
        for (const sec of m.groupSections[g]!) {
          const free = this.sectionFree(sec);
          if (free > bestFree) {
            bestFree = free;
            bestSection = sec;
          }
        }
        this.assign(r, request.candidates[p]!, bestSection);
      }
    }
    this.evaluate(s);
    return bestKey;
  }
}

/** How hard a student is to place: scarce times and required courses first. */
function difficulty(m: SectioningModel, s: number): number {
  let d = 0;
  for (let r = m.requestStart[s]!; r < m.requestStart[s + 1]!; r++) {
    const request = m.requests[r]!;
    if (request.metByFixed >= 0) continue;
    const times = request.candidates.length / 2;
    d += (request.required ? 10 : 1) / Math.max(1, times);
  }
  return d + m.studentFixed[s]!.length + m.studentUnavailable[s]!.length * 0.5;
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
  const timeUp = () => now !== undefined && seconds() >= timeLimit;
  const random = new SeededRandom(options.seed ?? 1);
  const m = buildSectioningModel(instance);
  const state = new SectioningState(m);
  const nStudents = m.studentIds.length;
  const requiredTotal = m.requests.filter((r) => r.required).length;

  const progress = (phase: SectioningProgress['phase'], studentsPlaced: number) => {
    if (!options.onProgress) return;
    const totals = state.totalsOf(allStudents);
    let requestsMet = 0;
    for (let r = 0; r < m.requests.length; r++) if (state.reqSection[r]! >= 0 || m.requests[r]!.metByFixed >= 0) requestsMet++;
    options.onProgress({ phase, students: nStudents, studentsPlaced, requiredMet: totals.req, requiredTotal, requestsMet, seconds: seconds() });
  };
  const allStudents = Array.from({ length: nStudents }, (_, s) => s);

  // Upper bound per student (every seat free): who can still gain, and when to stop.
  const boundReq = new Int32Array(nStudents);
  const boundScore = new Int32Array(nStudents);
  let boundsCut = 0;
  for (let s = 0; s < nStudents; s++) {
    state.solveStudent(s, true, true);
    boundReq[s] = state.lastSearchCut ? state.lastRootBound.req : state.stReq[s]!;
    boundScore[s] = state.lastSearchCut ? state.lastRootBound.score : state.stScore[s]!;
    if (state.lastSearchCut) boundsCut++;
    state.clearStudent(s);
    state.evaluate(s);
  }

  // 1. Construction, hardest students first; ties broken by the seed.
  const tieBreak = random.shuffle([...allStudents]);
  const rankOf = new Int32Array(nStudents);
  tieBreak.forEach((s, i) => (rankOf[s] = i));
  const diff = allStudents.map((s) => difficulty(m, s));
  const order = [...allStudents].sort((a, b) => diff[b]! - diff[a]! || rankOf[a]! - rankOf[b]!);
  order.forEach((s, i) => {
    state.solveStudent(s);
    if ((i + 1) % 500 === 0) progress('construct', i + 1);
  });
  progress('construct', nStudents);

  const below = (s: number) => state.stReq[s]! < boundReq[s]! || state.stScore[s]! < boundScore[s]!;

  /** Re-solve the students in order; keep the outcome if the school is better off (or no worse, when allowed). */
  const trial = (students: number[], acceptEqual: boolean): number => {
    const saved = students.map((s) => state.snapshot(s));
    const before = state.totalsOf(students);
    for (const s of students) state.clearStudent(s);
    for (const s of students) state.solveStudent(s);
    const after = state.totalsOf(students);
    const cmp = compareTotals(after, before);
    // 2: a goal improved; 1: only a tie-break (priority, earlier alternate) did; 0: sideways.
    if (cmp > 0) return after.req !== before.req || after.score !== before.score || after.complete !== before.complete ? 2 : 1;
    if (cmp === 0 && acceptEqual) return 0;
    for (const s of students) state.clearStudent(s);
    students.forEach((s, i) => state.restore(s, saved[i]!));
    return -1;
  };

  /**
   * Full times a student could use: those of their unmet requests first (required before others),
   * then those of the requests they already have, since making room may mean moving one of those.
   */
  const wantedFullGroups = (s: number): number[] => {
    const groups: number[] = [];
    const requests: ModelRequest[] = [];
    for (let r = m.requestStart[s]!; r < m.requestStart[s + 1]!; r++) {
      const request = m.requests[r]!;
      if (request.metByFixed < 0 && request.candidates.length > 0) requests.push(request);
    }
    const tier = (request: ModelRequest) => (state.reqSection[m.requestStart[s]! + request.position]! >= 0 ? 2 : request.required ? 0 : 1);
    requests.sort((a, b) => tier(a) - tier(b));
    for (const request of requests) {
      for (let i = 0; i < request.candidates.length; i += 2) {
        const g = request.candidates[i + 1]!;
        if (state.groupFree[g]! <= 0 && !groups.includes(g)) groups.push(g);
      }
    }
    return groups;
  };

  const holdersOf = (g: number, except: number): number[] => {
    const holders: number[] = [];
    for (const sec of m.groupSections[g]!) for (const t of state.members[sec]!) if (t !== except) holders.push(t);
    return holders;
  };

  /**
   * An ejection chain: put student s in a chosen time of an unmet request, even a full one; the
   * student whose seat that takes re-solves, and if they lose a request they take a time of it
   * the same way, up to a few links. Kept when the school is no worse off, else undone.
   */
  const chainMove = (s: number, acceptEqual: boolean): number => {
    const saved = new Map<number, Int32Array>();
    const touched: number[] = [];
    const before = { req: 0, score: 0, complete: 0, tie: 0 };
    const touch = (u: number) => {
      if (saved.has(u)) return;
      saved.set(u, state.snapshot(u));
      touched.push(u);
      before.req += state.stReq[u]!;
      before.score += state.stScore[u]!;
      before.complete += state.stComplete[u]!;
      before.tie += state.stTie[u]!;
    };
    const unmetOf = (u: number, onlyLost: Int32Array | null): number => {
      const found: number[] = [];
      const start = m.requestStart[u]!;
      for (let r = start; r < m.requestStart[u + 1]!; r++) {
        const request = m.requests[r]!;
        if (request.metByFixed >= 0 || state.reqSection[r]! >= 0 || request.candidates.length === 0) continue;
        if (onlyLost && onlyLost[(r - start) * 2 + 1]! < 0) continue;
        found.push(r);
      }
      if (found.length === 0) return -1;
      const required = found.filter((r) => m.requests[r]!.required);
      return random.pick(required.length > 0 && random.chance(0.8) ? required : found);
    };
    let cur = s;
    let target = unmetOf(s, null);
    for (let depth = 0; depth < 4 && target >= 0; depth++) {
      const request = m.requests[target]!;
      const g = request.candidates[random.int(request.candidates.length / 2) * 2 + 1]!;
      touch(cur);
      let t = -1;
      if (state.groupFree[g]! <= 0) {
        const holders = holdersOf(g, cur).filter((h) => !saved.has(h));
        if (holders.length === 0) break;
        t = random.pick(holders);
        touch(t);
        for (let r = m.requestStart[t]!; r < m.requestStart[t + 1]!; r++) {
          const sec = state.reqSection[r]!;
          if (sec >= 0 && m.sectionGroup[sec] === g) state.unassign(r);
        }
        state.evaluate(t);
      }
      state.solveStudent(cur, false, true, target, g);
      if (t < 0) break;
      state.solveStudent(t);
      cur = t;
      target = unmetOf(t, saved.get(t)!);
    }
    const after = state.totalsOf(touched);
    const cmp = compareTotals(after, before);
    if (cmp > 0) return after.req !== before.req || after.score !== before.score || after.complete !== before.complete ? 2 : 1;
    if (cmp === 0 && acceptEqual) return 0;
    for (const u of touched) state.clearStudent(u);
    for (const u of touched) state.restore(u, saved.get(u)!);
    return -1;
  };

  // 2. Improvement. It stops when `patience` trials in a row have improved no goal (tie-breaks
  // alone do not count), or at the time limit.
  // Small schools are cheap to search for long; large ones get what a few seconds buy.
  const patience = options.patience ?? Math.round(Math.max(5000, Math.min(8000, 1e6 / Math.max(1, nStudents))));
  let iterations = 0;
  let lastGain = 0;
  const maxHolders = 12;
  const maxTrialsPerStudent = 60;
  /** Seat-freeing ejections for every student below their bound; true if a goal gained. */
  const ejectionPass = (): boolean => {
    const candidates = allStudents.filter(below);
    random.shuffle(candidates);
    candidates.sort((a, b) => boundReq[b]! - state.stReq[b]! - (boundReq[a]! - state.stReq[a]!));
    let gained = false;
    for (const s of candidates) {
      if (timeUp() || iterations - lastGain > patience) break;
      if (!below(s)) continue;
      iterations++;
      if (trial([s], false) === 2) {
        gained = true;
        lastGain = iterations;
        continue;
      }
      let done = false;
      let budget = maxTrialsPerStudent;
      for (const g of wantedFullGroups(s)) {
        const holders = random.shuffle(holdersOf(g, s)).slice(0, maxHolders);
        for (const t of holders) {
          if (--budget < 0) break;
          iterations++;
          if (trial([s, t], false) === 2) {
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
    progress('improve', nStudents);
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
        const s = random.pick(pool);
        if (!below(s)) continue;
        if (random.chance(0.5)) {
          if (chainMove(s, true) === 2) {
            lastGain = iterations;
            lnsGained = true;
          }
          continue;
        }
        if (wantedFullGroups(s).length === 0) continue;
        // Grow the neighbourhood as a chain: holders of the seats s wants, then holders of the
        // seats those holders would want in turn, so moves several students deep can be found.
        const neighbourhood = new Set<number>([s]);
        const size = 2 + random.int(7);
        const members = [s];
        for (let tries = 0; tries < size * 4 && neighbourhood.size < size; tries++) {
          const u = random.chance(0.6) ? s : random.pick(members);
          const groups = wantedFullGroups(u);
          if (groups.length === 0) continue;
          const holders = holdersOf(random.pick(groups), u);
          if (holders.length === 0) continue;
          const t = random.pick(holders);
          if (!neighbourhood.has(t)) {
            neighbourhood.add(t);
            members.push(t);
          }
        }
        const [first, ...rest] = [...neighbourhood];
        random.shuffle(rest);
        // Usually the student who wants more chooses first; sometimes the others do.
        const sequence = random.chance(0.75) ? [first!, ...rest] : random.shuffle([first!, ...rest]);
        if (trial(sequence, true) === 2) {
          lastGain = iterations;
          lnsGained = true;
        }
      }
    }
    // Sideways moves may have opened a door an ejection can walk through.
    if (!lnsGained && !ejectionPass()) break;
  }

  // 3. Balance sections within each course, then fill any hole a free seat can still fill.
  balanceSections(state);
  rebalanceByResolving(state);
  balanceSections(state);
  for (const s of allStudents) if (below(s)) trial([s], false);
  progress('balance', nStudents);

  const result: SectioningResult = {
    format: SECTIONING_RESULT_FORMAT,
    assignments: [],
    unmet: [],
    stats: { seconds: 0 },
  };
  for (let s = 0; s < nStudents; s++) {
    for (let r = m.requestStart[s]!; r < m.requestStart[s + 1]!; r++) {
      const sec = state.reqSection[r]!;
      if (sec >= 0) result.assignments.push({ student: m.studentIds[s]!, section: m.sectionIds[sec]! });
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
    boundRequiredMet: boundReq.reduce((a, b) => a + b, 0),
    boundScore: boundScore.reduce((a, b) => a + b, 0) / 10,
    /** Students whose own bound search was cut short (their bound is the looser sum of best options). */
    boundsCut,
  };
  progress('done', nStudents);
  return { result, state };
}

/** Place each student in sections of the courses they asked for. See the module comment. */
export function scheduleStudents(instance: SectioningInstanceInput, options: ScheduleOptions = {}): SectioningResult {
  return runSectioning(instance, options).result;
}

/**
 * Move students from fuller to emptier sections of the same course wherever their other
 * sections and blocked slots allow; only the section changes, so no goal above balance moves.
 */
export function balanceSections(state: SectioningState): void {
  const m = state.m;
  const occupied: Uint8Array[] = [];
  const occupy = (s: number): Uint8Array => {
    let used = occupied[s];
    if (!used) {
      used = new Uint8Array(m.slotIds.length);
      for (const u of m.studentUnavailable[s]!) used[u] = 1;
      for (const f of m.studentFixed[s]!) for (const slot of m.sectionSlots[f]!) used[slot] = 1;
      for (let r = m.requestStart[s]!; r < m.requestStart[s + 1]!; r++) {
        const sec = state.reqSection[r]!;
        if (sec >= 0) for (const slot of m.sectionSlots[sec]!) used[slot] = 1;
      }
      occupied[s] = used;
    }
    return used;
  };
  const requestOf = (s: number, sec: number): number => {
    for (let r = m.requestStart[s]!; r < m.requestStart[s + 1]!; r++) if (state.reqSection[r] === sec) return r;
    return -1;
  };
  for (let c = 0; c < m.courseIds.length; c++) {
    const sections = m.courseSections[c]!;
    if (sections.length < 2) continue;
    for (let round = 0; round < 200; round++) {
      // Fill ratio, so that sections of different sizes balance fairly.
      const fill = (sec: number) => state.enrolled[sec]! / Math.max(1, m.sectionCapacity[sec]!);
      const sorted = [...sections].sort((a, b) => fill(b) - fill(a) || a - b);
      let moved = false;
      for (let hi = 0; hi < sorted.length && !moved; hi++) {
        const from = sorted[hi]!;
        for (let lo = sorted.length - 1; lo > hi && !moved; lo--) {
          const to = sorted[lo]!;
          if (state.enrolled[from]! - state.enrolled[to]! < 2 || state.sectionFree(to) <= 0) continue;
          for (const s of [...state.members[from]!]) {
            const used = occupy(s);
            for (const slot of m.sectionSlots[from]!) used[slot] = 0;
            const fits = m.sectionSlots[to]!.every((slot) => !used[slot]);
            for (const slot of m.sectionSlots[from]!) used[slot] = 1;
            if (!fits) continue;
            const r = requestOf(s, from);
            if (r < 0) continue;
            const option = state.reqOption[r]!;
            state.unassign(r);
            state.assign(r, option, to);
            for (const slot of m.sectionSlots[from]!) used[slot] = 0;
            for (const slot of m.sectionSlots[to]!) used[slot] = 1;
            moved = true;
            break;
          }
        }
      }
      if (!moved) break;
    }
  }
}

/**
 * Balance where a plain move cannot: a student in one of a course's fullest sections is re-solved
 * with that request forced into the course's emptiest time, so their other courses may change
 * periods too (choir to period 4, English to period 2). Kept only if the student's own goals are
 * untouched and the sum of squared fill ratios of the sections involved goes down.
 */
export function rebalanceByResolving(state: SectioningState, maxTrials = 20_000): void {
  const m = state.m;
  const cost = (sec: number, enrolled: number) => (enrolled * enrolled) / Math.max(1, m.sectionCapacity[sec]!);
  const fill = (sec: number) => state.enrolled[sec]! / Math.max(1, m.sectionCapacity[sec]!);
  const held = (s: number): number[] => {
    const sections: number[] = [];
    for (let r = m.requestStart[s]!; r < m.requestStart[s + 1]!; r++) if (state.reqSection[r]! >= 0) sections.push(state.reqSection[r]!);
    return sections;
  };
  let trials = 0;
  for (let c = 0; c < m.courseIds.length && trials < maxTrials; c++) {
    const sections = m.courseSections[c]!;
    if (m.courseGroups[c]!.length < 2) continue;
    for (let round = 0; round < 100 && trials < maxTrials; round++) {
      const sorted = [...sections].sort((a, b) => fill(b) - fill(a) || a - b);
      const from = sorted[0]!;
      const to = sorted[sorted.length - 1]!;
      if (state.enrolled[from]! - state.enrolled[to]! < 2 || state.sectionFree(to) <= 0) break;
      const target = m.sectionGroup[to]!;
      let moved = false;
      for (const s of [...state.members[from]!]) {
        if (trials >= maxTrials) break;
        let r = -1;
        for (let q = m.requestStart[s]!; q < m.requestStart[s + 1]!; q++) if (state.reqSection[q] === from) r = q;
        if (r < 0) continue;
        const request = m.requests[r]!;
        const option = state.reqOption[r]!;
        let offered = false;
        for (let i = 0; i < request.candidates.length; i += 2) {
          if (request.candidates[i] === option && request.candidates[i + 1] === target) offered = true;
        }
        if (!offered) continue;
        trials++;
        const saved = state.snapshot(s);
        const before = state.totalsOf([s]);
        const sectionsBefore = held(s);
        state.solveStudent(s, false, true, r, target);
        const after = state.totalsOf([s]);
        const sectionsAfter = held(s);
        let delta = 0;
        for (const sec of new Set([...sectionsBefore, ...sectionsAfter])) {
          const now = state.enrolled[sec]!;
          const was = now + (sectionsBefore.includes(sec) ? 1 : 0) - (sectionsAfter.includes(sec) ? 1 : 0);
          delta += cost(sec, now) - cost(sec, was);
        }
        if (compareTotals(after, before) >= 0 && delta < -1e-9) {
          moved = true;
          break;
        }
        state.restore(s, saved);
      }
      if (!moved) break;
    }
  }
}

function listCourses(names: string[]): string {
  return names.join(', ');
}

/** A reason for each unmet request, naming what a counselor could change. */
export function unmetRequests(state: SectioningState): UnmetRequest[] {
  const m = state.m;
  const unmet: UnmetRequest[] = [];
  const courseOfRequest = (s: number): Map<number, number> => {
    const held = new Map<number, number>();
    for (let r = m.requestStart[s]!; r < m.requestStart[s + 1]!; r++) {
      const sec = state.reqSection[r]!;
      if (sec >= 0) for (const slot of m.sectionSlots[sec]!) held.set(slot, r);
    }
    return held;
  };
  for (let s = 0; s < m.studentIds.length; s++) {
    let held: Map<number, number> | null = null;
    for (let r = m.requestStart[s]!; r < m.requestStart[s + 1]!; r++) {
      const request = m.requests[r]!;
      if (request.metByFixed >= 0 || state.reqSection[r]! >= 0) continue;
      held ??= courseOfRequest(s);
      unmet.push({ student: m.studentIds[s]!, course: request.names[0]!, reason: reasonFor(state, s, request, held) });
    }
  }
  return unmet;
}

function reasonFor(state: SectioningState, s: number, request: ModelRequest, held: Map<number, number>): string {
  const m = state.m;
  const names = listCourses(request.names);
  if (request.options.length === 0) {
    return request.names.length === 1
      ? `course ${request.names[0]} is not a course of the instance`
      : `none of ${names} is a course of the instance`;
  }
  const offered = request.options.filter((o) => m.courseSections[o.course]!.length > 0);
  if (offered.length === 0) return `no section of ${names} is offered`;
  const unavailable = new Set(m.studentUnavailable[s]!);
  const fixedAt = new Map<number, number>();
  for (const f of m.studentFixed[s]!) for (const slot of m.sectionSlots[f]!) fixedAt.set(slot, f);
  const takenCourses = new Set<number>();
  for (let r = m.requestStart[s]!; r < m.requestStart[s + 1]!; r++) {
    const other = m.requests[r]!;
    const o = other.metByFixed >= 0 ? other.metByFixed : state.reqOption[r]!;
    if (o >= 0) takenCourses.add(other.options[o]!.course);
  }
  for (const f of m.studentFixed[s]!) takenCourses.add(m.sectionCourse[f]!);
  let total = 0;
  let full = 0;
  let blockedUnavailable = 0;
  const blockedSlots = new Set<string>();
  const fixedClash = new Set<string>();
  const clashes = new Map<string, number>();
  let taken = 0;
  for (const option of offered) {
    const courseTaken = takenCourses.has(option.course);
    for (const sec of m.courseSections[option.course]!) {
      total++;
      if (courseTaken) {
        taken++;
        continue;
      }
      const slots = m.sectionSlots[sec]!;
      const badSlot = slots.find((slot) => unavailable.has(slot));
      if (badSlot !== undefined) {
        blockedUnavailable++;
        blockedSlots.add(m.slotIds[badSlot]!);
        continue;
      }
      const fixedSlot = slots.find((slot) => fixedAt.has(slot));
      if (fixedSlot !== undefined) {
        fixedClash.add(m.sectionIds[fixedAt.get(fixedSlot)!]!);
        continue;
      }
      if (state.sectionFree(sec) <= 0) {
        full++;
        continue;
      }
      for (const slot of slots) {
        const r = held.get(slot);
        if (r === undefined) continue;
        const other = m.requests[r]!;
        const course = m.courseIds[m.sectionCourse[state.reqSection[r]!]!]!;
        const label = `${other.required ? 'required course' : 'course'} ${course} in ${m.slotIds[slot]}`;
        clashes.set(label, (clashes.get(label) ?? 0) + 1);
        break;
      }
    }
  }
  if (taken === total) return `${names} is already in the student's schedule for another request`;
  if (full === total - taken) return `every section of ${names} is full`;
  if (blockedUnavailable === total - taken) return `blocked by the student's unavailable slots (${[...blockedSlots].join(', ')}): every section of ${names} meets then`;
  const parts: string[] = [];
  if (clashes.size > 0) {
    const list = [...clashes.keys()].slice(0, 3);
    parts.push(`${clashes.size === 1 ? 'the sections of' : 'sections of'} ${names} with a free seat clash with ${list.join('; ')}${clashes.size > 3 ? ' and others' : ''}`);
  }
  if (full > 0) parts.push(parts.length > 0 ? `the other ${full} ${full === 1 ? 'is' : 'are'} full` : `${full} ${full === 1 ? 'is' : 'are'} full`);
  if (blockedUnavailable > 0) parts.push(`${blockedUnavailable} in the student's unavailable slots (${[...blockedSlots].join(', ')})`);
  if (fixedClash.size > 0) parts.push(`clashes with fixed section ${[...fixedClash].join(', ')}`);
  return `no section of ${names} fits: ${parts.join('; ')}`;
}
