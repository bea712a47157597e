// Giving a section a teacher and a room at a chosen time, shared by the spread-evenly baseline and
// the builder. Teachers are chosen by an allotment computed once by flow, so that a teacher who
// alone can teach a course is not used up early on another course someone else could take.
import { FlowNetwork } from './master-flow.ts';
import { teacherTermCapacity } from './master-feasibility.ts';
import { isYear, type SchoolModel } from './master-model.ts';
import type { Timetable } from './master-timetable.ts';

/** Per course × teacher: how many of the course's sections the allotment gives the teacher. */
export function teacherAllotment(model: SchoolModel): Int32Array {
  const courses = model.courses.length;
  const teachers = model.input.teachers.length;
  const source = courses + teachers;
  const network = new FlowNetwork(source + 2);
  const edges: { course: number; teacher: number; edge: number }[] = [];
  model.courses.forEach((course, c) => {
    const need = isYear(model, c) ? course.sections * model.terms : course.sections;
    if (need === 0) return;
    network.addEdge(source, c, need);
    for (const t of model.qualified[c]!) edges.push({ course: c, teacher: t, edge: network.addEdge(c, courses + t, need) });
  });
  model.input.teachers.forEach((_, t) => network.addEdge(courses + t, source + 1, teacherTermCapacity(model, t).reduce((a, b) => a + b, 0)));
  network.maxFlow(source, source + 1);
  const allotment = new Int32Array(courses * teachers);
  for (const { course, teacher, edge } of edges) {
    const units = network.flowOn(edge);
    allotment[course * teachers + teacher] = isYear(model, course) ? Math.ceil(units / model.terms) : units;
  }
  return allotment;
}

export class SectionPlacer {
  private readonly allotment: Int32Array;
  private readonly given: Int32Array;

  constructor(private readonly model: SchoolModel) {
    this.allotment = teacherAllotment(model);
    this.given = new Int32Array(this.allotment.length);
  }

  /** The teacher the section would get at `time`, or -1: the one with most of the course still allotted. */
  teacherAt(timetable: Timetable, section: number, time: number): number {
    const course = this.model.sections[section]!.course;
    const teachers = this.model.input.teachers.length;
    let best = -1;
    let bestLeft = -Infinity;
    for (const t of timetable.teachersFor(section, time)) {
      const left = this.allotment[course * teachers + t]! - this.given[course * teachers + t]!;
      if (left > bestLeft) {
        best = t;
        bestLeft = left;
      }
    }
    return best;
  }

  /** Whether the section can meet at `time` with some teacher and room, fixed students allowing. */
  fits(timetable: Timetable, section: number, time: number): boolean {
    return timetable.studentsAllow(section, time) && this.teacherAt(timetable, section, time) >= 0 && timetable.roomFor(section, time) >= 0;
  }

  /** Places the section at `time` if a teacher and a room fit; returns whether it did. */
  place(timetable: Timetable, section: number, time: number): boolean {
    if (!timetable.studentsAllow(section, time)) return false;
    const teacher = this.teacherAt(timetable, section, time);
    if (teacher < 0) return false;
    const room = timetable.roomFor(section, time);
    if (room < 0) return false;
    const key = this.model.sections[section]!.course * this.model.input.teachers.length + teacher;
    timetable.place(section, time, teacher, room);
    this.given[key]!++;
    return true;
  }
}
