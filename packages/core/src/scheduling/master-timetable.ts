// A master schedule under construction: which time, teacher and room each section has, and who is
// busy when. Every change goes through `place`/`unplace`, and `place` refuses a placement that
// breaks a hard rule (a teacher not qualified, busy, away or over their sections; a room of another
// type, too small or taken; a lock not kept; fixed students away), so whatever the search does,
// what it holds is a valid partial schedule. The helpers that propose placements (`roomFor`,
// `teachersFor`) keep the same rules, so a refusal is a bug in a caller, never a normal outcome.
import { roomTypeOf, type MasterScheduleOutput, type ScheduledSection } from '../formats/master.ts';
import { teacherTermCapacity } from './master-feasibility.ts';
import { isYear, termOfTime, type SchoolModel } from './master-model.ts';

/** A placement that would break a hard rule: the builder's own mistake, named by section. */
export class IllegalPlacement extends Error {
  constructor(readonly section: string, readonly rule: string) {
    super(`section ${section}: ${rule}`);
    this.name = 'IllegalPlacement';
  }
}

export class Timetable {
  readonly time: Int32Array;
  readonly teacher: Int32Array;
  readonly room: Int32Array;
  private readonly teacherBusy: Int32Array;
  private readonly roomBusy: Int32Array;
  private readonly teacherLoad: Int32Array;
  private readonly teacherLimit: Int32Array;
  /** Per section: slots its fixed students cannot use (their unavailable slots). */
  private readonly studentAway: Uint8Array[];
  /** Per section: other sections that share a fixed student with it. */
  private readonly fixedPartners: number[][];
  /** course * rooms + room: 1 when the room is of the course's type and seats its sections. */
  private readonly roomFits: Uint8Array;
  private readonly slots: number;

  constructor(readonly model: SchoolModel, from?: Timetable) {
    const n = model.sections.length;
    this.slots = model.slotNames.length;
    if (from) {
      this.time = from.time.slice();
      this.teacher = from.teacher.slice();
      this.room = from.room.slice();
      this.teacherBusy = from.teacherBusy.slice();
      this.roomBusy = from.roomBusy.slice();
      this.teacherLoad = from.teacherLoad.slice();
      this.teacherLimit = from.teacherLimit;
      this.studentAway = from.studentAway;
      this.fixedPartners = from.fixedPartners;
      this.roomFits = from.roomFits;
      return;
    }
    const rooms = model.input.rooms.length;
    this.roomFits = new Uint8Array(model.courses.length * rooms);
    model.roomsFor.forEach((fitting, course) => fitting.forEach((room) => (this.roomFits[course * rooms + room] = 1)));
    this.time = new Int32Array(n).fill(-1);
    this.teacher = new Int32Array(n).fill(-1);
    this.room = new Int32Array(n).fill(-1);
    this.teacherBusy = new Int32Array(model.input.teachers.length * this.slots).fill(-1);
    this.roomBusy = new Int32Array(model.input.rooms.length * this.slots).fill(-1);
    this.teacherLoad = new Int32Array(model.input.teachers.length * model.terms);
    this.teacherLimit = new Int32Array(model.input.teachers.length * model.terms);
    model.input.teachers.forEach((_, t) => teacherTermCapacity(model, t).forEach((cap, term) => (this.teacherLimit[t * model.terms + term] = cap)));
    const students = model.input.students;
    const sectionsOfStudent = new Map<number, number[]>();
    model.sections.forEach((section, s) => {
      for (const student of section.fixedStudents) sectionsOfStudent.set(student, [...(sectionsOfStudent.get(student) ?? []), s]);
    });
    this.studentAway = model.sections.map((section) => {
      const away = new Uint8Array(this.slots);
      for (const student of section.fixedStudents) {
        for (const slot of students[student]!.unavailableSlots ?? []) away[model.slotIndex.get(slot)!] = 1;
      }
      return away;
    });
    this.fixedPartners = model.sections.map((section, s) => [
      ...new Set(section.fixedStudents.flatMap((student) => sectionsOfStudent.get(student)!.filter((other) => other !== s))),
    ]);
  }

  clone(): Timetable {
    return new Timetable(this.model, this);
  }

  isPlaced(section: number): boolean {
    return this.time[section]! >= 0;
  }

  /** Whether the section's fixed students can all be at `time` (their own slots and other fixed sections). */
  studentsAllow(section: number, time: number): boolean {
    const away = this.studentAway[section]!;
    const clash = this.model.clash;
    const times = this.model.timeCount;
    for (const slot of this.model.timeSlots[time]!) if (away[slot]) return false;
    for (const other of this.fixedPartners[section]!) {
      const at = this.time[other]!;
      if (at >= 0 && clash[time * times + at]) return false;
    }
    return true;
  }

  /** Whether `teacher` could teach `section` at `time`, the section itself set aside. */
  teacherCanTake(section: number, time: number, teacher: number): boolean {
    const slotsAt = this.model.timeSlots[time]!;
    const base = teacher * this.slots;
    for (const slot of slotsAt) {
      if (this.model.teacherAway[base + slot]) return false;
      const busy = this.teacherBusy[base + slot]!;
      if (busy >= 0 && busy !== section) return false;
    }
    const terms = this.model.terms;
    const own = this.teacher[section] === teacher ? this.time[section]! : -1;
    if (isYear(this.model, this.model.sections[section]!.course)) {
      for (let term = 0; term < terms; term++) {
        const already = own >= 0 && (own < this.model.periods || termOfTime(this.model, own) === term) ? 1 : 0;
        if (this.teacherLoad[teacher * terms + term]! - already + 1 > this.teacherLimit[teacher * terms + term]!) return false;
      }
    } else {
      const term = termOfTime(this.model, time);
      const already = own >= 0 && (own < this.model.periods || termOfTime(this.model, own) === term) ? 1 : 0;
      if (this.teacherLoad[teacher * terms + term]! - already + 1 > this.teacherLimit[teacher * terms + term]!) return false;
    }
    return true;
  }

  private roomFree(section: number, time: number, room: number): boolean {
    const base = room * this.slots;
    for (const slot of this.model.timeSlots[time]!) {
      const busy = this.roomBusy[base + slot]!;
      if (busy >= 0 && busy !== section) return false;
    }
    return true;
  }

  /** Whether `room` may hold `section` at all: the lock's room, or one of the course's type that seats it. */
  roomSuits(section: number, room: number): boolean {
    const { lockedRoom, course } = this.model.sections[section]!;
    return lockedRoom >= 0 ? room === lockedRoom : this.roomFits[course * this.model.input.rooms.length + room] === 1;
  }

  /**
   * A room for `section` at `time`, or -1. Keeps `preferred` when it suits the section and is free
   * (a move passes the room the section or a colleague's section had, which may be of another type
   * or smaller); a semester section goes first to a room its period's other term already uses, so
   * whole rooms stay for year sections.
   */
  roomFor(section: number, time: number, preferred = -1): number {
    const locked = this.model.sections[section]!.lockedRoom;
    if (locked >= 0) return this.roomFree(section, time, locked) ? locked : -1;
    if (preferred >= 0 && this.roomSuits(section, preferred) && this.roomFree(section, time, preferred)) return preferred;
    const candidates = this.model.roomsFor[this.model.sections[section]!.course]!;
    let fallback = -1;
    const year = time < this.model.periods;
    for (const room of candidates) {
      if (!this.roomFree(section, time, room)) continue;
      if (year) return room;
      if (this.halfUsed(room, time, section)) return room;
      if (fallback < 0) fallback = room;
    }
    return fallback;
  }

  private halfUsed(room: number, time: number, section: number): boolean {
    const period = (time - this.model.periods) % this.model.periods;
    for (let term = 0; term < this.model.terms; term++) {
      const busy = this.roomBusy[room * this.slots + term * this.model.periods + period]!;
      if (busy >= 0 && busy !== section) return true;
    }
    return false;
  }

  /** Teachers who could take the section at `time`: the lock's teacher, or every qualified one free then. */
  teachersFor(section: number, time: number): number[] {
    const locked = this.model.sections[section]!.lockedTeacher;
    const pool = locked >= 0 ? [locked] : this.model.qualified[this.model.sections[section]!.course]!;
    return pool.filter((t) => this.teacherCanTake(section, time, t));
  }

  /** Why `section` may not meet at `time` with `teacher` in `room` (the section itself set aside), or null when it may. */
  whyNot(section: number, time: number, teacher: number, room: number): string | null {
    const { model } = this;
    const wanted = model.sections[section]!;
    const course = model.courses[wanted.course]!;
    const teacherId = model.input.teachers[teacher]?.id ?? String(teacher);
    const roomId = model.input.rooms[room]?.id ?? String(room);
    const slots = () => (model.timeSlots[time] ?? []).map((slot) => model.slotNames[slot]).join(' ') || `time ${time}`;
    if (time < 0 || time >= model.timeCount || (time < model.periods) !== isYear(model, wanted.course)) return `${slots()} is not a time a ${course.term} course meets`;
    if (wanted.lockedTime >= 0 && time !== wanted.lockedTime) return `its lock puts it in ${model.timeSlots[wanted.lockedTime]!.map((slot) => model.slotNames[slot]).join(' ')}, not ${slots()}`;
    if (!model.qualified[wanted.course]!.includes(teacher) || (wanted.lockedTeacher >= 0 && teacher !== wanted.lockedTeacher)) return `teacher ${teacherId} may not teach it (${course.id})`;
    if (!this.teacherCanTake(section, time, teacher)) return `teacher ${teacherId} is busy, away or already at their most sections a term in ${slots()}`;
    if (!this.roomSuits(section, room)) return `room ${roomId} does not suit ${course.id} (it needs a room of type ${roomTypeOf(course)} seating ${course.capacity})`;
    if (!this.roomFree(section, time, room)) return `room ${roomId} holds another section in ${slots()}`;
    if (!this.studentsAllow(section, time)) return `its fixed students cannot be there in ${slots()}`;
    return null;
  }

  /** Puts the section at `time` with `teacher` in `room`; throws IllegalPlacement rather than break a hard rule. */
  place(section: number, time: number, teacher: number, room: number): void {
    const illegal = this.whyNot(section, time, teacher, room);
    if (illegal !== null) throw new IllegalPlacement(this.model.sections[section]!.id, illegal);
    if (this.time[section]! >= 0) this.unplace(section);
    this.time[section] = time;
    this.teacher[section] = teacher;
    this.room[section] = room;
    this.mark(section, section);
  }

  unplace(section: number): void {
    if (this.time[section]! < 0) return;
    this.mark(section, -1);
    this.time[section] = -1;
    this.teacher[section] = -1;
    this.room[section] = -1;
  }

  private mark(section: number, value: number): void {
    const time = this.time[section]!;
    const teacher = this.teacher[section]!;
    const room = this.room[section]!;
    for (const slot of this.model.timeSlots[time]!) {
      this.teacherBusy[teacher * this.slots + slot] = value;
      this.roomBusy[room * this.slots + slot] = value;
    }
    const delta = value >= 0 ? 1 : -1;
    const terms = this.model.terms;
    if (time < this.model.periods) for (let term = 0; term < terms; term++) this.teacherLoad[teacher * terms + term]! += delta;
    else this.teacherLoad[teacher * terms + termOfTime(this.model, time)]! += delta;
  }

  /** The homeroom.sectioning/v1 instance; every section must be placed. */
  toInstance(): MasterScheduleOutput {
    const { model } = this;
    const { input } = model;
    const sections: ScheduledSection[] = model.sections.map((section, s) => {
      const course = model.courses[section.course]!;
      return {
        id: section.id,
        course: course.id,
        slots: model.timeSlots[this.time[s]!]!.map((slot) => model.slotNames[slot]!),
        capacity: course.capacity,
        teacher: input.teachers[this.teacher[s]!]!.id,
        room: input.rooms[this.room[s]!]!.id,
      };
    });
    return {
      format: 'homeroom.sectioning/v1',
      name: input.name ?? '',
      slots: model.slotNames,
      courses: input.courses.map((c) => ({ id: c.id, title: c.title, term: c.term })),
      sections,
      students: input.students,
    };
  }
}
