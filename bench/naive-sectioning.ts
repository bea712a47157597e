import { SECTIONING_RESULT_FORMAT, type SectioningInstance, type SectioningResult } from '../packages/core/src/formats/sectioning.ts';

/**
 * The baseline a first-cut system gives: students in file order, each request in order, the first
 * section (of the course, then of its alternates) with a seat that fits what the student already
 * holds. No look-ahead, no repair. It keeps every hard rule, so its score is comparable.
 */
export function naiveSectioning(instance: SectioningInstance): SectioningResult {
  const started = performance.now();
  const slotIndex = new Map(instance.slots.map((s, i) => [s, i]));
  const sectionsOf = new Map<string, SectioningInstance['sections']>();
  const sectionById = new Map(instance.sections.map((s) => [s.id, s]));
  for (const section of instance.sections) {
    const list = sectionsOf.get(section.course) ?? [];
    list.push(section);
    sectionsOf.set(section.course, list);
  }
  const enrolled = new Map<string, number>();
  for (const student of instance.students) for (const f of student.fixed) enrolled.set(f, (enrolled.get(f) ?? 0) + 1);
  const result: SectioningResult = { format: SECTIONING_RESULT_FORMAT, assignments: [], unmet: [], stats: { seconds: 0 } };
  for (const student of instance.students) {
    const used = new Uint8Array(instance.slots.length);
    const courses = new Set<string>();
    for (const slot of student.unavailableSlots) used[slotIndex.get(slot)!] = 1;
    for (const f of student.fixed) {
      const section = sectionById.get(f)!;
      for (const slot of section.slots) used[slotIndex.get(slot)!] = 1;
      courses.add(section.course);
    }
    for (const request of student.requests) {
      const names = [request.course, ...request.alternates];
      // A fixed section of the course already meets the request.
      if (names.some((c) => courses.has(c) && student.fixed.some((f) => sectionById.get(f)!.course === c))) continue;
      let placed = false;
      for (const course of names) {
        if (courses.has(course)) continue;
        for (const section of sectionsOf.get(course) ?? []) {
          if ((enrolled.get(section.id) ?? 0) >= section.capacity) continue;
          if (section.slots.some((slot) => used[slotIndex.get(slot)!])) continue;
          enrolled.set(section.id, (enrolled.get(section.id) ?? 0) + 1);
          for (const slot of section.slots) used[slotIndex.get(slot)!] = 1;
          courses.add(course);
          result.assignments.push({ student: student.id, section: section.id });
          placed = true;
          break;
        }
        if (placed) break;
      }
      if (!placed) result.unmet.push({ student: student.id, course: request.course, reason: 'no section with a seat fits (naive first-fit)' });
    }
  }
  result.stats.seconds = (performance.now() - started) / 1000;
  return result;
}
