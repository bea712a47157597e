// Giving a section a teacher and a room at a chosen time, shared by the spread-evenly baseline and
// the builder. Teachers are chosen by an allotment computed once by flow, so that a teacher who
// alone can teach a course is not used up early on another course someone else could take.
import { teacherFlow } from './master-feasibility.ts';
import { isYear, type SchoolModel } from './master-model.ts';
import type { Timetable } from './master-timetable.ts';

/** Per course × teacher: how many of the course's sections the teacher flow gives the teacher. */
export function teacherAllotment(model: SchoolModel): Int32Array {
  const { network, edges } = teacherFlow(model);
  const teachers = model.input.teachers.length;
  const allotment = new Int32Array(model.courses.length * teachers);
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

/**
 * A section that fits nowhere: move one section that blocks it (holding one of its teachers or
 * rooms at a time it could take) to another time, then place it. Returns the time it got, or -1
 * with the timetable as it was.
 */
export function makeRoomFor(
  model: SchoolModel,
  timetable: Timetable,
  placer: SectionPlacer,
  section: number,
  moved: (blocker: number, from: number, to: number) => void,
): number {
  const course = model.sections[section]!.course;
  const teachers = new Set(model.qualified[course]);
  const rooms = new Set(model.roomsFor[course]);
  for (const time of model.courseTimes[course]!) {
    for (let b = 0; b < model.sections.length; b++) {
      const at = timetable.time[b]!;
      if (at < 0 || model.sections[b]!.lockedTime >= 0 || !model.clash[at * model.timeCount + time]) continue;
      if (!teachers.has(timetable.teacher[b]!) && !rooms.has(timetable.room[b]!)) continue;
      const before = { teacher: timetable.teacher[b]!, room: timetable.room[b]! };
      timetable.unplace(b);
      if (placer.place(timetable, section, time)) {
        for (const elsewhere of model.courseTimes[model.sections[b]!.course]!) {
          if (elsewhere !== at && placer.place(timetable, b, elsewhere)) {
            moved(b, at, elsewhere);
            return time;
          }
        }
        timetable.unplace(section);
      }
      timetable.place(b, at, before.teacher, before.room);
    }
  }
  return -1;
}
