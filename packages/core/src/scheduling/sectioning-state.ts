import type { SectioningModel } from './sectioning-model.ts';

/**
 * Who sits where during one run of the student scheduler, and the exact per-student search every
 * phase (construct, improve, balance) uses to place one student against the seats still free.
 *
 * Indices throughout are the model's: a student, a request (`requests[requestStart[student] ..
 * requestStart[student + 1])`), a section, a time option ("group": a course's sections meeting in
 * the same slots), and an option of a request (the course asked for, then its alternates).
 */

/** Nodes per student before the search settles for its best so far (it starts from a good one). */
const NODE_LIMIT = 500;
/**
 * The all-seats-free search may run longer; where even this is cut, the student's bound falls
 * back to the sum of each request's best option, which is looser but still a bound.
 */
const BOUND_NODE_LIMIT = 50_000;

/** A group of students' objective, in the spec's order: required met, score, complete, tie-breaks. */
export interface Totals {
  req: number;
  score: number;
  complete: number;
  tie: number;
}

export function compareTotals(a: Totals, b: Totals): number {
  if (a.req !== b.req) return a.req - b.req;
  if (a.score !== b.score) return a.score - b.score;
  if (a.complete !== b.complete) return a.complete - b.complete;
  const d = a.tie - b.tie;
  return Math.abs(d) < 1e-9 ? 0 : d;
}

/** The mutable state of one run: who sits where, seats left, each student's objective. */
export class SectioningState {
  readonly model: SectioningModel;
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
    this.model = model;
    const nSections = model.sectionIds.length;
    const nGroups = model.groupSections.length;
    this.enrolled = Int32Array.from(model.sectionFixed);
    this.groupFree = new Int32Array(nGroups);
    this.groupCapacity = new Int32Array(nGroups);
    for (let group = 0; group < nGroups; group++) {
      for (const section of model.groupSections[group]!) {
        this.groupFree[group]! += Math.max(0, model.sectionCapacity[section]! - model.sectionFixed[section]!);
        this.groupCapacity[group]! += model.sectionCapacity[section]!;
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
    for (let student = 0; student < nStudents; student++) this.evaluate(student);
  }

  sectionFree(section: number): number {
    return this.model.sectionCapacity[section]! - this.enrolled[section]!;
  }

  assign(requestIndex: number, optionIndex: number, section: number): void {
    const student = this.model.requests[requestIndex]!.student;
    this.reqSection[requestIndex] = section;
    this.reqOption[requestIndex] = optionIndex;
    this.enrolled[section]!++;
    this.groupFree[this.model.sectionGroup[section]!]!--;
    this.members[section]!.push(student);
  }

  unassign(requestIndex: number): void {
    const section = this.reqSection[requestIndex]!;
    if (section < 0) return;
    const student = this.model.requests[requestIndex]!.student;
    this.reqSection[requestIndex] = -1;
    this.reqOption[requestIndex] = -1;
    this.enrolled[section]!--;
    this.groupFree[this.model.sectionGroup[section]!]!++;
    const list = this.members[section]!;
    const at = list.lastIndexOf(student);
    list[at] = list[list.length - 1]!;
    list.pop();
  }

  clearStudent(student: number): void {
    for (let requestIndex = this.model.requestStart[student]!; requestIndex < this.model.requestStart[student + 1]!; requestIndex++) this.unassign(requestIndex);
  }

  /** Recompute a student's objective from their sections. */
  evaluate(student: number): void {
    let req = 0;
    let score = 0;
    let tie = 0;
    let complete = 1;
    for (let requestIndex = this.model.requestStart[student]!; requestIndex < this.model.requestStart[student + 1]!; requestIndex++) {
      const request = this.model.requests[requestIndex]!;
      const optionIndex = request.metByFixed >= 0 ? request.metByFixed : this.reqOption[requestIndex]!;
      if (optionIndex < 0) {
        complete = 0;
        continue;
      }
      const option = request.options[optionIndex]!;
      if (request.required) req++;
      score += option.weight;
      tie += option.tie;
    }
    this.stReq[student] = req;
    this.stScore[student] = score;
    this.stComplete[student] = complete;
    this.stTie[student] = tie;
  }

  totalsOf(students: readonly number[]): Totals {
    const totals = { req: 0, score: 0, complete: 0, tie: 0 };
    for (const student of students) {
      totals.req += this.stReq[student]!;
      totals.score += this.stScore[student]!;
      totals.complete += this.stComplete[student]!;
      totals.tie += this.stTie[student]!;
    }
    return totals;
  }

  /** The student's (option, section) per request, as pairs, for `restore`. */
  snapshot(student: number): Int32Array {
    const start = this.model.requestStart[student]!;
    const end = this.model.requestStart[student + 1]!;
    const saved = new Int32Array((end - start) * 2);
    for (let requestIndex = start; requestIndex < end; requestIndex++) {
      saved[(requestIndex - start) * 2] = this.reqOption[requestIndex]!;
      saved[(requestIndex - start) * 2 + 1] = this.reqSection[requestIndex]!;
    }
    return saved;
  }

  restore(student: number, saved: Int32Array): void {
    this.clearStudent(student);
    const start = this.model.requestStart[student]!;
    for (let i = 0; i < saved.length; i += 2) {
      if (saved[i + 1]! >= 0) this.assign(start + i / 2, saved[i]!, saved[i + 1]!);
    }
    this.evaluate(student);
  }

  /**
   * Branch and bound for one student over their requests' time options, with the seats now free
   * (or, with `ignoreSeats`, as if every section were empty: the student's own upper bound). The
   * student's current sections are released first. Returns the best key found; applies it unless
   * `apply` is false (the student is then left unassigned). With `forceRequest`, that request may
   * only take the time option `forceGroup`.
   */
  solveStudent(student: number, ignoreSeats = false, apply = true, forceRequest = -1, forceGroup = -1): number {
    const model = this.model;
    // The student's present schedule seeds the search (it stays feasible when their seats are
    // released), so the bound prunes from the first node and a re-solve never ends worse.
    const current = ignoreSeats ? null : this.snapshot(student);
    this.clearStudent(student);
    const start = model.requestStart[student]!;
    const end = model.requestStart[student + 1]!;
    let baseReq = 0;
    let baseScore = 0;
    let baseTie = 0;
    const openRequests: number[] = [];
    let impossible = false;
    for (let requestIndex = start; requestIndex < end; requestIndex++) {
      const request = model.requests[requestIndex]!;
      if (request.metByFixed >= 0) {
        const option = request.options[request.metByFixed]!;
        if (request.required) baseReq++;
        baseScore += option.weight;
        baseTie += option.tie;
      } else if (request.candidates.length === 0) {
        impossible = true;
      } else {
        openRequests.push(requestIndex);
      }
    }
    const openCount = openRequests.length;
    const tieScale = ignoreSeats ? 0 : 10 / (openCount + end - start + 1);
    const nodeLimit = ignoreSeats ? BOUND_NODE_LIMIT : NODE_LIMIT;
    // Candidates of each open request with seats, best first (asked-for course, then the emptiest time).
    // A candidate is named by its offset into `request.candidates`: (option, group) at (pair, pair + 1).
    const lists: Int32Array[] = [];
    const maxReq = new Float64Array(openCount + 1);
    const maxScore = new Float64Array(openCount + 1);
    const maxTie = new Float64Array(openCount + 1);
    const hasAny = new Uint8Array(openCount + 1);
    const order = openRequests.map((requestIndex) => {
      const request = model.requests[requestIndex]!;
      const pairs: number[] = [];
      const candidates = request.candidates;
      for (let i = 0; i < candidates.length; i += 2) {
        if (requestIndex === forceRequest && candidates[i + 1] !== forceGroup) continue;
        if ((ignoreSeats ? this.groupSeats : this.groupFree)[candidates[i + 1]!]! > 0) pairs.push(i);
      }
      pairs.sort((a, b) => {
        const weightA = request.options[candidates[a]!]!.weight;
        const weightB = request.options[candidates[b]!]!.weight;
        if (weightA !== weightB) return weightB - weightA;
        if (ignoreSeats) return a - b;
        return this.groupFree[candidates[b + 1]!]! / this.groupCapacity[candidates[b + 1]!]! - this.groupFree[candidates[a + 1]!]! / this.groupCapacity[candidates[a + 1]!]! || a - b;
      });
      return { requestIndex, pairs: Int32Array.from(pairs) };
    });
    // Most constrained first: required before others, then fewest times to choose from.
    order.sort((a, b) => {
      const rankA = model.requests[a.requestIndex]!.required ? 0 : 1;
      const rankB = model.requests[b.requestIndex]!.required ? 0 : 1;
      return rankA - rankB || a.pairs.length - b.pairs.length || a.requestIndex - b.requestIndex;
    });
    for (let i = 0; i < openCount; i++) lists.push(order[i]!.pairs);
    for (let i = openCount - 1; i >= 0; i--) {
      const request = model.requests[order[i]!.requestIndex]!;
      const pairs = lists[i]!;
      let bestWeight = 0;
      let bestTie = 0;
      for (let k = 0; k < pairs.length; k++) {
        const option = request.options[request.candidates[pairs[k]!]!]!;
        if (option.weight > bestWeight) bestWeight = option.weight;
        if (option.tie > bestTie) bestTie = option.tie;
      }
      maxReq[i] = maxReq[i + 1]! + (pairs.length > 0 && request.required ? 1 : 0);
      maxScore[i] = maxScore[i + 1]! + bestWeight;
      maxTie[i] = maxTie[i + 1]! + bestTie;
      hasAny[i] = (i === openCount - 1 ? 1 : hasAny[i + 1]!) & (pairs.length > 0 ? 1 : 0);
    }
    if (openCount === 0) hasAny[0] = 1;

    const usedSlot = this.usedSlot;
    const courseUsed = this.courseUsed;
    for (const fixedSection of model.studentFixed[student]!) {
      for (const slot of model.sectionSlots[fixedSection]!) usedSlot[slot] = 1;
      courseUsed[model.sectionCourse[fixedSection]!] = 1;
    }
    const choice = new Int32Array(openCount).fill(-1);
    const best = new Int32Array(openCount).fill(-1);
    let bestKey = -Infinity;
    let nodes = 0;

    // Balance is not in the key: searching on for a slightly emptier time would cost thousands of
    // nodes per student. Times are tried emptiest first, so the first best schedule found is balanced.
    const keyOf = (req: number, score: number, complete: boolean, tie: number) => req * 1e7 + score * 1e3 + (complete ? 100 : 0) + tie * tieScale;

    const dfs = (i: number, req: number, score: number, tie: number, allMet: boolean): void => {
      nodes++;
      if (i === openCount) {
        const key = keyOf(req, score, allMet && !impossible, tie);
        if (key > bestKey + 1e-9) {
          bestKey = key;
          best.set(choice);
        }
        return;
      }
      const bound = keyOf(req + maxReq[i]!, score + maxScore[i]!, allMet && !impossible && hasAny[i] === 1, tie + maxTie[i]!);
      if (bound <= bestKey + 1e-9) return;

      // A forced time may fit nothing the student asked for: without this, a search with no
      // schedule yet walked every combination of their other requests (20 s for one student).
      // Given up, it falls back to a free re-solve below.
      if (nodes > nodeLimit && (bestKey > -Infinity || forceRequest >= 0)) return;
      const request = model.requests[order[i]!.requestIndex]!;
      const pairs = lists[i]!;
      const candidates = request.candidates;
      for (let k = 0; k < pairs.length; k++) {
        const pair = pairs[k]!;
        const option = request.options[candidates[pair]!]!;
        const group = candidates[pair + 1]!;
        if (courseUsed[option.course]) continue;
        const slots = model.groupSlots[group]!;
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
        choice[i] = pair;
        dfs(i + 1, req + (request.required ? 1 : 0), score + option.weight, tie + option.tie, allMet);
        choice[i] = -1;
        courseUsed[option.course] = 0;
        for (let q = 0; q < slots.length; q++) usedSlot[slots[q]!] = 0;
        if (nodes > nodeLimit && (bestKey > -Infinity || forceRequest >= 0)) return;
      }
      if (order[i]!.requestIndex !== forceRequest) dfs(i + 1, req, score, tie, false);
    };
    if (current && forceRequest < 0) {
      // Express the present schedule as choices and take it as the incumbent.
      let req = baseReq;
      let score = baseScore;
      let tie = baseTie;
      let allMet = !impossible;
      let ok = true;
      for (let i = 0; i < openCount && ok; i++) {
        const requestIndex = order[i]!.requestIndex;
        const section = current[(requestIndex - start) * 2 + 1]!;
        if (section < 0) {
          allMet = false;
          continue;
        }
        const optionIndex = current[(requestIndex - start) * 2]!;
        const group = model.sectionGroup[section]!;
        const request = model.requests[requestIndex]!;
        const pairs = lists[i]!;
        let found = -1;
        for (let k = 0; k < pairs.length; k++) {
          const pair = pairs[k]!;
          if (request.candidates[pair] === optionIndex && request.candidates[pair + 1] === group) found = pair;
        }
        if (found < 0) ok = false;
        else {
          best[i] = found;
          const option = request.options[optionIndex]!;
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
      for (const fixedSection of model.studentFixed[student]!) {
        for (const slot of model.sectionSlots[fixedSection]!) usedSlot[slot] = 0;
        courseUsed[model.sectionCourse[fixedSection]!] = 0;
      }
      return this.solveStudent(student, ignoreSeats, apply);
    }

    for (const fixedSection of model.studentFixed[student]!) {
      for (const slot of model.sectionSlots[fixedSection]!) usedSlot[slot] = 0;
      courseUsed[model.sectionCourse[fixedSection]!] = 0;
    }
    if (apply) {
      for (let i = 0; i < openCount; i++) {
        const pair = best[i]!;
        if (pair < 0) continue;
        const requestIndex = order[i]!.requestIndex;
        const request = model.requests[requestIndex]!;
        const group = request.candidates[pair + 1]!;
        let bestSection = -1;
        let bestFree = -Infinity;
        for (const section of model.groupSections[group]!) {
          const free = this.sectionFree(section);
          if (free > bestFree) {
            bestFree = free;
            bestSection = section;
          }
        }
        this.assign(requestIndex, request.candidates[pair]!, bestSection);
      }
    }
    this.evaluate(student);
    return bestKey;
  }
}
