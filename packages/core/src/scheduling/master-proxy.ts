// A quick estimate of what the student scheduler will make of a master schedule, cheap enough to
// run thousands of times inside the builder's search. It is not the student scheduler: it gives
// each student, by a bounded depth-first search, the best their own requests allow at the times the
// schedule offers, as if every section had a seat to spare. The student scheduler packs seats so
// well that this is close to its result (on the generated 2,500-student school, equal to it) as
// long as each course's sections are spread, which the builder keeps. The real scheduler judges
// the builder's final candidates; this only steers the search between them.
import type { SchoolModel } from './master-model.ts';

export interface ProxyEstimate {
  /** 10 a required request met, 1 another, an alternate 0.9 of its request (sectioning.md's score). */
  score: number;
  requiredMet: number;
  requiredTotal: number;
  requestsMet: number;
  studentsComplete: number;
  /** Per course: requests for it (as first choice) the estimate left unmet. */
  unmetByCourse: Int32Array;
}

interface StudentPlan {
  /** Slots the student cannot use: unavailable, or taken by a fixed section (a mask). */
  blocked: number;
  /** Requests still to place, most constrained first: options are [course, weight] pairs. */
  requests: { options: number[]; weights: number[]; required: boolean; first: number }[];
  /** Requests already met by a fixed section. */
  metByFixed: { required: boolean }[];
  /** Sections (indices in model.sections) the student is fixed in. */
  fixedSections: number[];
}

const NODE_LIMIT = 400;

export class SectioningProxy {
  private readonly students: StudentPlan[];
  private readonly timeMask: Int32Array;
  /** course * timeCount + time: sections of the course meeting then. */
  private readonly offered: Int32Array;
  readonly requiredTotal: number;

  constructor(private readonly model: SchoolModel) {
    if (model.slotNames.length > 31) throw new Error('the proxy holds at most 31 slots');
    this.timeMask = Int32Array.from(model.timeSlots, (slots) => slots.reduce((mask, slot) => mask | (1 << slot), 0));
    this.offered = new Int32Array(model.courses.length * model.timeCount);
    const lockSection = new Map(model.sections.flatMap((section, s) => (section.lock >= 0 ? [[model.input.locks![section.lock]!.id, s] as const] : [])));
    let requiredTotal = 0;
    this.students = model.input.students.map((student) => {
      let blocked = 0;
      for (const slot of student.unavailableSlots ?? []) blocked |= 1 << model.slotIndex.get(slot)!;
      const fixedSections = (student.fixed ?? []).map(String).map((id) => lockSection.get(id)!);
      const fixedCourses = new Set(fixedSections.map((s) => model.sections[s]!.course));
      const requests: StudentPlan['requests'] = [];
      const metByFixed: StudentPlan['metByFixed'] = [];
      for (const request of student.requests ?? []) {
        const required = request.required === true;
        if (required) requiredTotal++;
        const names = [request.course, ...(request.alternates ?? [])].map(String);
        const options: number[] = [];
        const weights: number[] = [];
        names.forEach((name, k) => {
          const c = model.courseIndex.get(name);
          if (c === undefined || model.courses[c]!.sections === 0 || options.includes(c)) return;
          options.push(c);
          weights.push((required ? 10 : 1) * (k === 0 ? 1 : 0.9));
        });
        const first = model.courseIndex.get(String(request.course)) ?? -1;
        if (options.some((c) => fixedCourses.has(c))) metByFixed.push({ required });
        else requests.push({ options, weights, required, first });
      }
      // Required first, then the requests with fewest sections to choose from.
      const sectionsOf = (r: (typeof requests)[number]) => r.options.reduce((sum, c) => sum + model.courses[c]!.sections, 0);
      requests.sort((a, b) => Number(b.required) - Number(a.required) || sectionsOf(a) - sectionsOf(b));
      return { blocked, requests, metByFixed, fixedSections };
    });
    this.requiredTotal = requiredTotal;
  }

  /** Estimates the student scheduler's result on the master schedule `times` (section → time). */
  estimate(times: Int32Array): ProxyEstimate {
    const { model } = this;
    const timeCount = model.timeCount;
    const offered = this.offered;
    offered.fill(0);
    model.sections.forEach((section, s) => offered[section.course * timeCount + times[s]!]!++);
    let score = 0;
    let requiredMet = 0;
    let requestsMet = 0;
    let studentsComplete = 0;
    const unmetByCourse = new Int32Array(model.courses.length);
    const chosenCourse = new Int32Array(16);
    const bestCourse = new Int32Array(16);
    for (const plan of this.students) {
      let blocked = plan.blocked;
      for (const s of plan.fixedSections) blocked |= this.timeMask[times[s]!]!;
      const requests = plan.requests;
      const n = Math.min(requests.length, 16);
      const remaining = new Float64Array(n + 1);
      for (let r = n - 1; r >= 0; r--) remaining[r] = remaining[r + 1]! + (requests[r]!.weights[0] ?? 0);
      let best = -1;
      let nodes = 0;
      let value = 0;
      const search = (r: number, used: number) => {
        if (++nodes > NODE_LIMIT) return;
        if (value + remaining[r]! <= best) return;
        if (r === n) {
          best = value;
          bestCourse.set(chosenCourse.subarray(0, n));
          return;
        }
        const request = requests[r]!;
        for (let k = 0; k < request.options.length; k++) {
          const c = request.options[k]!;
          let taken = false;
          for (let q = 0; q < r; q++) if (chosenCourse[q] === c) taken = true;
          if (taken) continue;
          for (const time of model.courseTimes[c]!) {
            if (offered[c * timeCount + time] === 0 || (this.timeMask[time]! & used) !== 0) continue;
            chosenCourse[r] = c;
            value += request.weights[k]!;
            search(r + 1, used | this.timeMask[time]!);
            value -= request.weights[k]!;
            if (best === remaining[0]) return;
          }
        }
        chosenCourse[r] = -1;
        search(r + 1, used);
      };
      search(0, blocked);
      let complete = requests.length <= 16;
      for (const met of plan.metByFixed) {
        score += met.required ? 10 : 1;
        if (met.required) requiredMet++;
        requestsMet++;
      }
      for (let r = 0; r < requests.length; r++) {
        const request = requests[r]!;
        const c = r < n && best >= 0 ? bestCourse[r]! : -1;
        if (c < 0) {
          complete = false;
          if (request.first >= 0) unmetByCourse[request.first]!++;
          continue;
        }
        requestsMet++;
        if (request.required) requiredMet++;
        score += request.weights[request.options.indexOf(c)]!;
      }
      if (complete) studentsComplete++;
    }
    return { score, requiredMet, requiredTotal: this.requiredTotal, requestsMet, studentsComplete, unmetByCourse };
  }
}
