import type { SectioningInstanceInput } from '../formats/sectioning.ts';

/**
 * Checks of a master schedule before students are scheduled into it: the mistakes that leave
 * students without the courses they need however good the student scheduler is. Each warning
 * carries its figures so that an administrator can judge it.
 */
export type MasterScheduleWarning =
  | { kind: 'singleton-clash'; courses: [string, string]; slots: string[]; students: number; requiredStudents: number; message: string }
  | { kind: 'group-in-one-period'; group: string; courses: string[]; slots: string[]; message: string }
  | { kind: 'more-requests-than-seats'; course: string; requests: number; seats: number; message: string };

export interface MasterScheduleCheckOptions {
  /** Named groups of courses a student may need several of: AP courses, English-learner core. */
  groups?: Array<{ name: string; courses: string[] }>;
  /** Report a singleton clash from this many students requesting both courses; default 5. */
  minimumClashStudents?: number;
}

export function checkMasterSchedule(instance: SectioningInstanceInput, options: MasterScheduleCheckOptions = {}): MasterScheduleWarning[] {
  const warnings: MasterScheduleWarning[] = [];
  const sectionsByCourse = new Map<string, Array<{ slots: string[]; capacity: number }>>();
  for (const s of instance.sections) {
    const course = String(s.course);
    sectionsByCourse.set(course, [...(sectionsByCourse.get(course) ?? []), { slots: s.slots, capacity: s.capacity }]);
  }
  // A course whose every section meets in the same slots can only be taken there: a singleton.
  const singletonSlots = new Map<string, string[]>();
  for (const [course, sections] of sectionsByCourse) {
    const key = [...sections[0]!.slots].sort().join(',');
    if (sections.every((s) => [...s.slots].sort().join(',') === key)) singletonSlots.set(course, [...sections[0]!.slots].sort());
  }
  const pairCounts = new Map<string, { students: number; required: number }>();
  const requestCounts = new Map<string, number>();
  for (const student of instance.students) {
    const requests = student.requests ?? [];
    for (const r of requests) requestCounts.set(String(r.course), (requestCounts.get(String(r.course)) ?? 0) + 1);
    const singles = requests.filter((r) => singletonSlots.has(String(r.course)));
    for (let i = 0; i < singles.length; i++)
      for (let j = i + 1; j < singles.length; j++) {
        const a = String(singles[i]!.course);
        const b = String(singles[j]!.course);
        const shared = singletonSlots.get(a)!.filter((slot) => singletonSlots.get(b)!.includes(slot));
        if (shared.length === 0) continue;
        const key = a < b ? `${a}|${b}` : `${b}|${a}`;
        const count = pairCounts.get(key) ?? { students: 0, required: 0 };
        count.students++;
        if (singles[i]!.required && singles[j]!.required) count.required++;
        pairCounts.set(key, count);
      }
  }
  const minimum = options.minimumClashStudents ?? 5;
  for (const [key, count] of [...pairCounts].sort((x, y) => y[1].students - x[1].students)) {
    if (count.students < minimum) continue;
    const [a, b] = key.split('|') as [string, string];
    const slots = singletonSlots.get(a)!.filter((slot) => singletonSlots.get(b)!.includes(slot));
    warnings.push({
      kind: 'singleton-clash', courses: [a, b], slots, students: count.students, requiredStudents: count.required,
      message: `${a} and ${b} meet only in ${slots.join(', ')}: ${count.students} students asked for both (${count.required} need both)`,
    });
  }
  for (const group of options.groups ?? []) {
    const offered = group.courses.filter((c) => sectionsByCourse.has(c));
    if (offered.length < 2) continue;
    const slotSets = offered.flatMap((c) => sectionsByCourse.get(c)!.map((s) => s.slots));
    const common = slotSets.reduce((acc, slots) => acc.filter((slot) => slots.includes(slot)));
    if (common.length > 0) {
      warnings.push({
        kind: 'group-in-one-period', group: group.name, courses: offered, slots: common,
        message: `every ${group.name} section (${offered.join(', ')}) meets in ${common.join(', ')}: no student can take two of them`,
      });
    }
  }
  for (const [course, requests] of [...requestCounts].sort()) {
    const seats = (sectionsByCourse.get(course) ?? []).reduce((sum, s) => sum + s.capacity, 0);
    if (requests > seats) {
      warnings.push({ kind: 'more-requests-than-seats', course, requests, seats, message: `${course}: ${requests} students asked for it, ${seats} seats in ${sectionsByCourse.get(course)?.length ?? 0} sections` });
    }
  }
  return warnings;
}
