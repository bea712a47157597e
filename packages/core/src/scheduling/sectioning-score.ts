import type { SectioningInstanceInput, SectioningResult } from '../formats/sectioning.ts';
import { buildSectioningModel, type ModelRequest, type SectioningModel } from './sectioning-model.ts';

/**
 * The judge of a result, independent of the engine: it reads only the instance and the result
 * file, so it can score any scheduler's output (the naive baseline's, an outside tool's).
 */

export interface SectioningScore {
  /** 10 per required request met, 1 per other, an alternate 0.9 of its request. */
  score: number;
  requiredMet: number;
  requiredTotal: number;
  requestsMet: number;
  requestsTotal: number;
  studentsComplete: number;
  students: number;
  /** Largest gap, in seats, between the fullest and emptiest section of one course. */
  sectionSpread: number;
  /** The same gap averaged over courses with two sections or more. */
  sectionSpreadMean: number;
}

interface StudentHoldings {
  /** Sections held: fixed ones and those assigned by the result. */
  sections: number[];
  /** Sections assigned by the result (not fixed), in order, repeats kept. */
  assigned: number[];
}

function holdings(model: SectioningModel, result: SectioningResult, unknown: string[]): StudentHoldings[] {
  const held: StudentHoldings[] = model.studentFixed.map((fixed) => ({ sections: [...fixed], assigned: [] }));
  for (const a of result.assignments) {
    const s = model.studentIndex.get(String(a.student));
    const sec = model.sectionIndex.get(String(a.section));
    if (s === undefined || sec === undefined) {
      unknown.push(`assignment of student ${a.student} to section ${a.section}: ${s === undefined ? 'no such student' : 'no such section'}`);
      continue;
    }
    const h = held[s]!;
    // Fixed sections may be repeated in a result; they are held either way.
    if (model.studentFixed[s]!.includes(sec)) continue;
    h.assigned.push(sec);
    h.sections.push(sec);
  }
  return held;
}

/**
 * Best matching of a student's requests to the courses they hold: required met first, then score.
 * A student holds few courses and each course usually answers one request, so a small search is exact.
 */
function matchRequests(requests: ModelRequest[], heldCourses: Set<number>): { req: number; score: number; met: number; matched: number } {
  let best = { req: 0, score: 0, met: 0, matched: 0 };
  const used = new Set<number>();
  // What requests i.. could still add at most: prunes the search on long request lists.
  const restReq = new Array<number>(requests.length + 1).fill(0);
  const restScore = new Array<number>(requests.length + 1).fill(0);
  for (let i = requests.length - 1; i >= 0; i--) {
    const request = requests[i]!;
    const held = request.options.filter((o) => heldCourses.has(o.course));
    restReq[i] = restReq[i + 1]! + (held.length > 0 && request.required ? 1 : 0);
    restScore[i] = restScore[i + 1]! + Math.max(0, ...held.map((o) => o.weight));
  }
  const walk = (i: number, req: number, score: number, met: number) => {
    if (i === requests.length) {
      if (req > best.req || (req === best.req && score > best.score)) best = { req, score, met, matched: used.size };
      return;
    }
    const reqBound = req + restReq[i]!;
    if (reqBound < best.req || (reqBound === best.req && score + restScore[i]! <= best.score)) return;
    const request = requests[i]!;
    for (const option of request.options) {
      if (!heldCourses.has(option.course) || used.has(option.course)) continue;
      used.add(option.course);
      walk(i + 1, req + (request.required ? 1 : 0), score + option.weight, met + 1);
      used.delete(option.course);
    }
    walk(i + 1, req, score, met);
  };
  walk(0, 0, 0, 0);
  return best;
}

export function scoreSectioning(instance: SectioningInstanceInput, result: SectioningResult): SectioningScore {
  const model = buildSectioningModel(instance);
  const held = holdings(model, result, []);
  let score10 = 0;
  let requiredMet = 0;
  let requiredTotal = 0;
  let requestsMet = 0;
  let studentsComplete = 0;
  const enrolled = Int32Array.from(model.sectionFixed);
  for (let s = 0; s < model.studentIds.length; s++) {
    const requests = model.requests.slice(model.requestStart[s]!, model.requestStart[s + 1]!);
    const courses = new Set(held[s]!.sections.map((sec) => model.sectionCourse[sec]!));
    for (const sec of held[s]!.assigned) enrolled[sec]!++;
    const best = matchRequests(requests, courses);
    score10 += best.score;
    requiredMet += best.req;
    requiredTotal += requests.filter((r) => r.required).length;
    requestsMet += best.met;
    if (best.met === requests.length) studentsComplete++;
  }
  let sectionSpread = 0;
  let spreadSum = 0;
  let spreadCourses = 0;
  for (const sections of model.courseSections) {
    if (sections.length < 2) continue;
    let lo = Infinity;
    let hi = -Infinity;
    for (const sec of sections) {
      lo = Math.min(lo, enrolled[sec]!);
      hi = Math.max(hi, enrolled[sec]!);
    }
    sectionSpread = Math.max(sectionSpread, hi - lo);
    spreadSum += hi - lo;
    spreadCourses++;
  }
  return {
    score: Math.round(score10) / 10,
    requiredMet,
    requiredTotal,
    requestsMet,
    requestsTotal: model.requests.length,
    studentsComplete,
    students: model.studentIds.length,
    sectionSpread,
    sectionSpreadMean: spreadCourses ? Math.round((spreadSum / spreadCourses) * 100) / 100 : 0,
  };
}

/** Every hard rule the result breaks, in words; an empty list means the result is valid. */
export function checkHardRules(instance: SectioningInstanceInput, result: SectioningResult): string[] {
  const model = buildSectioningModel(instance);
  const violations: string[] = [];
  const held = holdings(model, result, violations);
  const enrolled = Int32Array.from(model.sectionFixed);
  for (let s = 0; s < model.studentIds.length; s++) {
    const who = `student ${model.studentIds[s]}`;
    const requests = model.requests.slice(model.requestStart[s]!, model.requestStart[s + 1]!);
    const requestable = new Set<number>();
    for (const request of requests) for (const option of request.options) requestable.add(option.course);
    const h = held[s]!;
    for (const sec of h.assigned) {
      enrolled[sec]!++;
      if (!requestable.has(model.sectionCourse[sec]!)) {
        violations.push(`${who}: section ${model.sectionIds[sec]} is of course ${model.courseIds[model.sectionCourse[sec]!]}, which the student did not request`);
      }
    }
    // Rule 2: a course at most once, and each assigned section answering a request of its own.
    const courseSeen = new Map<number, number>();
    for (const sec of h.sections) {
      const c = model.sectionCourse[sec]!;
      const other = courseSeen.get(c);
      if (other !== undefined) violations.push(`${who}: takes course ${model.courseIds[c]} twice (sections ${model.sectionIds[other]} and ${model.sectionIds[sec]})`);
      else courseSeen.set(c, sec);
    }
    const fixedCourses = new Set(model.studentFixed[s]!.map((f) => model.sectionCourse[f]!));
    const assignedCourses = [...new Set(h.assigned.map((sec) => model.sectionCourse[sec]!))].filter((c) => requestable.has(c) && !fixedCourses.has(c));
    if (assignedCourses.length > 0) {
      // Fixed courses may stand outside requests; every assigned course must answer one.
      const matchedAssigned = countMatchedAssigned(requests, new Set(assignedCourses), fixedCourses);
      if (matchedAssigned < assignedCourses.length) {
        violations.push(`${who}: ${assignedCourses.length} sections placed for ${matchedAssigned} requests they can answer (a request is met by at most one section)`);
      }
    }
    // Rule 3: no shared slot, no unavailable slot.
    const slotHolder = new Map<number, number>();
    const unavailable = new Set(model.studentUnavailable[s]!);
    for (const sec of h.sections) {
      for (const slot of model.sectionSlots[sec]!) {
        const other = slotHolder.get(slot);
        if (other !== undefined && other !== sec) violations.push(`${who}: sections ${model.sectionIds[other]} and ${model.sectionIds[sec]} both meet in ${model.slotIds[slot]}`);
        slotHolder.set(slot, sec);
        if (unavailable.has(slot) && !model.studentFixed[s]!.includes(sec)) {
          violations.push(`${who}: section ${model.sectionIds[sec]} meets in ${model.slotIds[slot]}, an unavailable slot`);
        }
      }
    }
  }
  for (let sec = 0; sec < model.sectionIds.length; sec++) {
    if (enrolled[sec]! > model.sectionCapacity[sec]!) violations.push(`section ${model.sectionIds[sec]}: ${enrolled[sec]} students in ${model.sectionCapacity[sec]} seats`);
  }
  return violations;
}

/** Largest number of assigned courses that distinct requests can answer (fixed courses take their requests first). */
function countMatchedAssigned(requests: ModelRequest[], assigned: Set<number>, fixed: Set<number>): number {
  // Requests answered by a fixed course are spoken for; the rest form a bipartite matching.
  const free: ModelRequest[] = [];
  const fixedLeft = new Set(fixed);
  for (const request of requests) {
    const f = request.options.find((o) => fixedLeft.has(o.course));
    if (f) fixedLeft.delete(f.course);
    else free.push(request);
  }
  const owner = new Map<number, number>();
  const tryAssign = (c: number, seen: Set<number>): boolean => {
    for (let i = 0; i < free.length; i++) {
      if (seen.has(i) || !free[i]!.options.some((o) => o.course === c)) continue;
      seen.add(i);
      const current = owner.get(i);
      if (current === undefined || tryAssign(current, seen)) {
        owner.set(i, c);
        return true;
      }
    }
    return false;
  };
  let matched = 0;
  for (const c of assigned) if (tryAssign(c, new Set())) matched++;
  return matched;
}
