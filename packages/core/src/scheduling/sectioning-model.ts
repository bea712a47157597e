import type { SectioningInstanceInput } from '../formats/sectioning.ts';

/**
 * The instance compiled into indices and typed arrays, shared by the engine, the score, the
 * baseline and the MILP. Ids become small integers once, so the search never hashes a string.
 *
 * Sections of one course that meet in exactly the same slots are interchangeable for a student
 * (only balance tells them apart), so they form one *time option* ("group"): the search branches
 * over a course's times, not over its sections, and puts the student in the emptiest section of
 * the chosen time afterwards. A course with ten sections in six periods has six branches.
 */

/** Score in tenths, so that an alternate (0.9 of its request) stays an integer. */
export const REQUIRED_WEIGHT = 100;
export const OTHER_WEIGHT = 10;
export const ALTERNATE_FACTOR = 0.9;

export interface RequestOption {
  course: number;
  /** 0 for the course asked for, 1.. for alternates in order of preference. */
  rank: number;
  /** Score in tenths: 100 / 90 for a required request, 10 / 9 for another. */
  weight: number;
  /** Tie-break among equal scores: lower priority numbers and earlier alternates first. */
  tie: number;
}

export interface ModelRequest {
  student: number;
  /** Position in the student's `requests`. */
  position: number;
  required: boolean;
  /** The requested course first, then alternates; unknown courses are left out. */
  options: RequestOption[];
  /** Course ids as written (for messages), requested course first. */
  names: string[];
  /** Index into options of the course a fixed section already gives, else -1. */
  metByFixed: number;
  /** Candidate (option, group) pairs that avoid the student's unavailable and fixed slots. */
  candidates: Int32Array;
}

export interface SectioningModel {
  slotIds: string[];
  slotIndex: Map<string, number>;
  courseIds: string[];
  courseIndex: Map<string, number>;
  sectionIds: string[];
  sectionIndex: Map<string, number>;
  sectionCourse: Int32Array;
  sectionCapacity: Int32Array;
  sectionSlots: number[][];
  /** Seats taken by fixed students. */
  sectionFixed: Int32Array;
  sectionGroup: Int32Array;
  groupCourse: Int32Array;
  groupSections: number[][];
  groupSlots: number[][];
  courseGroups: number[][];
  courseSections: number[][];
  studentIds: string[];
  studentIndex: Map<string, number>;
  studentFixed: number[][];
  studentUnavailable: number[][];
  /** Requests of student s are requests[requestStart[s] .. requestStart[s+1]). */
  requestStart: Int32Array;
  requests: ModelRequest[];
}

function slotKey(slots: number[]): string {
  return [...slots].sort((a, b) => a - b).join(',');
}

export function buildSectioningModel(instance: SectioningInstanceInput): SectioningModel {
  const slotIds = instance.slots.map(String);
  const slotIndex = new Map(slotIds.map((s, i) => [s, i]));
  const courseIds: string[] = [];
  const courseIndex = new Map<string, number>();
  const addCourse = (id: string): number => {
    let c = courseIndex.get(id);
    if (c === undefined) {
      c = courseIds.length;
      courseIds.push(id);
      courseIndex.set(id, c);
    }
    return c;
  };
  for (const course of instance.courses) addCourse(String(course.id));

  const nSections = instance.sections.length;
  const sectionIds: string[] = [];
  const sectionIndex = new Map<string, number>();
  const sectionCourse = new Int32Array(nSections);
  const sectionCapacity = new Int32Array(nSections);
  const sectionSlots: number[][] = [];
  instance.sections.forEach((section, i) => {
    sectionIds.push(String(section.id));
    sectionIndex.set(String(section.id), i);
    // A section of a course missing from `courses` is still a section (validation reports it).
    sectionCourse[i] = addCourse(String(section.course));
    sectionCapacity[i] = Math.max(0, section.capacity);
    sectionSlots.push([...new Set(section.slots.map((s) => slotIndex.get(s) ?? -1).filter((s) => s >= 0))]);
  });

  const nCourses = courseIds.length;
  const courseSections: number[][] = Array.from({ length: nCourses }, () => []);
  const courseGroups: number[][] = Array.from({ length: nCourses }, () => []);
  const groupCourse: number[] = [];
  const groupSections: number[][] = [];
  const groupSlots: number[][] = [];
  const sectionGroup = new Int32Array(nSections);
  const groupByKey = new Map<string, number>();
  for (let i = 0; i < nSections; i++) {
    const c = sectionCourse[i]!;
    courseSections[c]!.push(i);
    const key = `${c}|${slotKey(sectionSlots[i]!)}`;
    let g = groupByKey.get(key);
    if (g === undefined) {
      g = groupCourse.length;
      groupByKey.set(key, g);
      groupCourse.push(c);
      groupSections.push([]);
      groupSlots.push([...sectionSlots[i]!].sort((a, b) => a - b));
      courseGroups[c]!.push(g);
    }
    groupSections[g]!.push(i);
    sectionGroup[i] = g;
  }

  const sectionFixed = new Int32Array(nSections);
  const studentIds: string[] = [];
  const studentIndex = new Map<string, number>();
  const studentFixed: number[][] = [];
  const studentUnavailable: number[][] = [];
  const requestStart = new Int32Array(instance.students.length + 1);
  const requests: ModelRequest[] = [];
  instance.students.forEach((student, s) => {
    studentIds.push(String(student.id));
    studentIndex.set(String(student.id), s);
    const fixed = [...new Set((student.fixed ?? []).map((f) => sectionIndex.get(String(f)) ?? -1).filter((f) => f >= 0))];
    for (const f of fixed) sectionFixed[f]!++;
    studentFixed.push(fixed);
    const unavailable = [...new Set((student.unavailableSlots ?? []).map((u) => slotIndex.get(u) ?? -1).filter((u) => u >= 0))];
    studentUnavailable.push(unavailable);
    const blocked = new Set<number>(unavailable);
    const fixedCourses = new Set<number>();
    for (const f of fixed) {
      for (const slot of sectionSlots[f]!) blocked.add(slot);
      fixedCourses.add(sectionCourse[f]!);
    }
    requestStart[s] = requests.length;
    const fixedCourseClaimed = new Set<number>();
    (student.requests ?? []).forEach((request, position) => {
      const required = request.required ?? false;
      const names = [String(request.course), ...(request.alternates ?? []).map(String)];
      const priority = request.priority ?? 99;
      const options: RequestOption[] = [];
      names.forEach((name, rank) => {
        const c = courseIndex.get(name);
        if (c === undefined || options.some((o) => o.course === c)) return;
        const base = required ? REQUIRED_WEIGHT : OTHER_WEIGHT;
        options.push({ course: c, rank, weight: rank === 0 ? base : Math.round(base * ALTERNATE_FACTOR), tie: 1 / (2 + Math.max(0, priority) + rank) });
      });
      // A fixed section of the course asked for (or an alternate) already meets the request.
      let metByFixed = -1;
      for (let o = 0; o < options.length; o++) {
        const c = options[o]!.course;
        if (fixedCourses.has(c) && !fixedCourseClaimed.has(c)) {
          metByFixed = o;
          fixedCourseClaimed.add(c);
          break;
        }
      }
      const candidates: number[] = [];
      if (metByFixed < 0) {
        options.forEach((option, o) => {
          if (fixedCourses.has(option.course)) return;
          for (const g of courseGroups[option.course]!) {
            if (groupSlots[g]!.some((slot) => blocked.has(slot))) continue;
            candidates.push(o, g);
          }
        });
      }
      requests.push({ student: s, position, required, options, names, metByFixed, candidates: Int32Array.from(candidates) });
    });
  });
  requestStart[instance.students.length] = requests.length;

  return {
    slotIds, slotIndex, courseIds, courseIndex, sectionIds, sectionIndex, sectionCourse, sectionCapacity, sectionSlots,
    sectionFixed, sectionGroup, groupCourse: Int32Array.from(groupCourse), groupSections, groupSlots, courseGroups,
    courseSections, studentIds, studentIndex, studentFixed, studentUnavailable, requestStart, requests,
  };
}
