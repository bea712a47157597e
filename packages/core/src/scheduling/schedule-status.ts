import type { SectioningInstanceInput, SectioningResult } from '../formats/sectioning.ts';
import { buildSectioningModel } from './sectioning-model.ts';
import { holdings, matchRequests } from './sectioning-score.ts';

export interface StudentScheduleStatus {
  student: string;
  sections: number;
  requiredMet: number;
  requiredTotal: number;
  requestsMet: number;
  requestsTotal: number;
  /** Every request met, by the course or an alternate: the figure leadership watches. */
  complete: boolean;
  /** Required requests (by course id) that no held section answers. */
  requiredUnmet: string[];
}

/**
 * Each student's schedule judged against their requests, with the same matching as the score:
 * who has a complete schedule, who has none at all, and which required courses are missing.
 */
export function studentScheduleStatus(instance: SectioningInstanceInput, result: SectioningResult): StudentScheduleStatus[] {
  const model = buildSectioningModel(instance);
  const held = holdings(model, result, []);
  return model.studentIds.map((student, s) => {
    const requests = model.requests.slice(model.requestStart[s]!, model.requestStart[s + 1]!);
    const courses = new Set(held[s]!.sections.map((sec) => model.sectionCourse[sec]!));
    const best = matchRequests(requests, courses);
    const requiredTotal = requests.filter((r) => r.required).length;
    const requiredUnmet = requests.filter((r) => r.required && !r.options.some((o) => courses.has(o.course))).map((r) => r.names[0]!);
    return { student, sections: held[s]!.sections.length, requiredMet: best.req, requiredTotal, requestsMet: best.met, requestsTotal: requests.length, complete: best.met === requests.length, requiredUnmet };
  });
}
