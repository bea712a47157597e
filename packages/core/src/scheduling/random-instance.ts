import { SECTIONING_FORMAT, fixedSectionConflicts, type SectioningInstance, type Student } from '../formats/sectioning.ts';
import { SeededRandom } from '../random.ts';

export interface RandomInstanceOptions {
  seed: number;
  students?: number;
  periods?: number;
  courses?: number;
  /** Seats per section; small values make seats the binding constraint. */
  maxCapacity?: number;
}

/**
 * A small random instance with every feature of the format (semester and year sections, required
 * requests, alternates, unavailable slots, fixed sections), small enough for a MILP to solve
 * exactly in a moment. Fixed sections always keep the hard rules, so the instance is feasible.
 */
export function randomSectioningInstance(options: RandomInstanceOptions): SectioningInstance {
  const random = new SeededRandom(options.seed);
  const periods = options.periods ?? 3 + random.int(2);
  const nCourses = options.courses ?? 5 + random.int(5);
  const nStudents = options.students ?? 10 + random.int(20);
  const maxCapacity = options.maxCapacity ?? 6;
  const slots = ['S1', 'S2'].flatMap((t) => Array.from({ length: periods }, (_, p) => `${t}-P${p + 1}`));
  const courses = Array.from({ length: nCourses }, (_, i) => ({ id: `C${i}`, title: `Course ${i}`, term: random.chance(0.25) ? 'sem' : 'year' }));
  const sections: SectioningInstance['sections'] = [];
  for (const course of courses) {
    const count = random.int(4); // 0 sections sometimes: a request that cannot be met
    for (let k = 0; k < count; k++) {
      const p = 1 + random.int(periods);
      const sectionSlots = course.term === 'year' ? [`S1-P${p}`, `S2-P${p}`] : [`${random.pick(['S1', 'S2'])}-P${p}`];
      sections.push({ id: `${course.id}-${k + 1}`, course: course.id, slots: sectionSlots, capacity: 1 + random.int(maxCapacity) });
    }
  }
  const students: Student[] = [];
  for (let i = 0; i < nStudents; i++) {
    const ids = random.shuffle(courses.map((c) => c.id));
    const nRequests = 2 + random.int(Math.min(4, ids.length - 1));
    const requests = ids.slice(0, nRequests).map((course, r) => ({
      course,
      required: random.chance(0.5),
      priority: r + 1,
      alternates: random.chance(0.3) ? ids.slice(nRequests).filter(() => random.chance(0.3)).slice(0, 2) : [],
    }));
    const student: Student = { id: `s${i}`, grade: 9 + random.int(4), requests, unavailableSlots: random.chance(0.15) ? [random.pick(slots)] : [], fixed: [] };
    if (random.chance(0.1) && sections.length > 0) {
      const candidate = random.pick(sections);
      const trial = { format: SECTIONING_FORMAT, name: '', slots, courses, sections, students: [...students, { ...student, fixed: [candidate.id] }] } as SectioningInstance;
      if (fixedSectionConflicts(trial).length === 0) student.fixed = [candidate.id];
    }
    students.push(student);
  }
  return { format: SECTIONING_FORMAT, name: `random ${options.seed}`, slots, courses, sections, students };
}
