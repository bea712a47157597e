// What no master schedule can beat, from the requests alone: the builder stops early only when its
// judgement reaches this, and reports how far it stayed from it otherwise.
import type { SchoolModel } from './master-model.ts';

export interface MasterBound {
  /** Students minus those whose requests cannot all be met by any master schedule. */
  studentsComplete: number;
  /** Required requests minus those no schedule can meet (no section of the course or an alternate). */
  requiredMet: number;
  requiredTotal: number;
}

/**
 * A student cannot have a complete schedule, whatever the schedule, when a request names no course
 * with sections (nor do its alternates), or when the requests need more slots than the student has
 * (a year course takes a slot in every term, a semester course one; fixed sections and unavailable
 * slots first). Both counts are loose on purpose: they hold for every schedule.
 */
export function masterBound(model: SchoolModel): MasterBound {
  const slots = model.slotNames.length;
  const offered = (id: string) => {
    const c = model.courseIndex.get(id);
    return c !== undefined && model.courses[c]!.sections > 0 ? c : -1;
  };
  const lockCourse = new Map<string, number>();
  for (const section of model.sections) if (section.lock >= 0) lockCourse.set(section.id, section.course);
  let complete = 0;
  let requiredTotal = 0;
  let requiredUnmeetable = 0;
  for (const student of model.input.students) {
    const fixedCourses = new Set<number>();
    let needed = 0;
    for (const id of (student.fixed ?? []).map(String)) {
      const c = lockCourse.get(id);
      if (c === undefined) continue;
      fixedCourses.add(c);
      needed += model.courses[c]!.term === 'year' ? model.terms : 1;
    }
    let possible = true;
    for (const request of student.requests ?? []) {
      if (request.required) requiredTotal++;
      const options = [String(request.course), ...(request.alternates ?? []).map(String)].map(offered).filter((c) => c >= 0);
      if (options.some((c) => fixedCourses.has(c))) continue;
      if (options.length === 0) {
        possible = false;
        if (request.required) requiredUnmeetable++;
        continue;
      }
      needed += Math.min(...options.map((c) => (model.courses[c]!.term === 'year' ? model.terms : 1)));
    }
    const away = new Set(student.unavailableSlots ?? []).size;
    if (possible && needed <= slots - away) complete++;
  }
  return { studentsComplete: complete, requiredMet: requiredTotal - requiredUnmeetable, requiredTotal };
}
