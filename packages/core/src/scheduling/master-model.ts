// The school as the builder sees it: everything indexed by number, every section to make listed
// once, and the "times" a section can meet in.
//
// A time is where one section sits in the week pattern: times 0 … periods-1 are the year-long
// periods (one slot in every term); the next terms × periods times are single term-periods, for
// semester sections. Two times clash when they share a slot.
import { roomTypeOf, schoolSlots, type MasterCourse, type MasterInput } from '../formats/master.ts';

export interface SectionToMake {
  id: string;
  course: number;
  /** Index of the lock this section keeps, or -1. */
  lock: number;
  /** The time the lock gives, or -1 when the builder chooses. */
  lockedTime: number;
  lockedTeacher: number;
  lockedRoom: number;
  /** Students fixed in this section (indices into input.students). */
  fixedStudents: number[];
}

export interface SchoolModel {
  input: MasterInput;
  terms: number;
  periods: number;
  slotNames: string[];
  slotIndex: Map<string, number>;
  courses: MasterCourse[];
  courseIndex: Map<string, number>;
  /** Per course: qualified teacher indices. */
  qualified: number[][];
  /** Per course: rooms of its type that seat its sections, smallest first. */
  roomsFor: number[][];
  /** teacher * slots + slot: 1 when the teacher cannot teach then. */
  teacherAway: Uint8Array;
  timeCount: number;
  timeSlots: number[][];
  /** time * timeCount + time: 1 when the two times share a slot. */
  clash: Uint8Array;
  /** Per course: the times its sections may take. */
  courseTimes: number[][];
  sections: SectionToMake[];
}

export function isYear(model: SchoolModel, course: number): boolean {
  return model.courses[course]!.term === 'year';
}

/** Term of a semester time, or -1 for a year time. */
export function termOfTime(model: SchoolModel, time: number): number {
  return time < model.periods ? -1 : Math.floor((time - model.periods) / model.periods);
}

export function periodOfTime(model: SchoolModel, time: number): number {
  return time < model.periods ? time : (time - model.periods) % model.periods;
}

export function timeOfSlots(model: SchoolModel, course: number, slots: readonly string[]): number {
  const first = model.slotIndex.get(slots[0]!)!;
  const period = first % model.periods;
  return isYear(model, course) ? period : model.periods + first;
}

export function buildSchoolModel(input: MasterInput): SchoolModel {
  const terms = input.terms.length;
  const periods = input.periods;
  const slotNames = schoolSlots(input.terms, periods);
  const slotIndex = new Map(slotNames.map((name, index) => [name, index]));
  const courses = input.courses;
  const courseIndex = new Map(courses.map((course, index) => [course.id, index]));
  const qualified = courses.map(() => [] as number[]);
  input.teachers.forEach((teacher, t) => {
    for (const id of new Set(teacher.courses)) {
      const c = courseIndex.get(id);
      if (c !== undefined) qualified[c]!.push(t);
    }
  });
  const roomsFor = courses.map((course) =>
    input.rooms
      .map((room, index) => ({ room, index }))
      .filter(({ room }) => room.type === roomTypeOf(course) && room.capacity >= course.capacity)
      .sort((a, b) => a.room.capacity - b.room.capacity || a.index - b.index)
      .map(({ index }) => index),
  );
  const slotCount = slotNames.length;
  const teacherAway = new Uint8Array(input.teachers.length * slotCount);
  input.teachers.forEach((teacher, t) => {
    for (const slot of teacher.unavailableSlots ?? []) teacherAway[t * slotCount + slotIndex.get(slot)!] = 1;
  });
  const timeCount = periods + slotCount;
  const timeSlots: number[][] = [];
  for (let p = 0; p < periods; p++) timeSlots.push(Array.from({ length: terms }, (_, t) => t * periods + p));
  for (let s = 0; s < slotCount; s++) timeSlots.push([s]);
  const clash = new Uint8Array(timeCount * timeCount);
  for (let a = 0; a < timeCount; a++) {
    for (let b = 0; b < timeCount; b++) {
      if (timeSlots[a]!.some((slot) => timeSlots[b]!.includes(slot))) clash[a * timeCount + b] = 1;
    }
  }
  const yearTimes = Array.from({ length: periods }, (_, p) => p);
  const semTimes = Array.from({ length: slotCount }, (_, s) => periods + s);
  const courseTimes = courses.map((course) => (course.term === 'year' ? yearTimes : semTimes));

  const model: SchoolModel = {
    input, terms, periods, slotNames, slotIndex, courses, courseIndex, qualified, roomsFor,
    teacherAway, timeCount, timeSlots, clash, courseTimes, sections: [],
  };
  model.sections = sectionsToMake(model);
  return model;
}

/** Locked sections first (with the lock's id), then the rest of each course, numbered `ENG10-03`. */
function sectionsToMake(model: SchoolModel): SectionToMake[] {
  const { input } = model;
  const locks = input.locks ?? [];
  const teacherIndex = new Map(input.teachers.map((t, i) => [t.id, i]));
  const roomIndex = new Map(input.rooms.map((r, i) => [r.id, i]));
  const fixedIn = new Map<string, number[]>();
  input.students.forEach((student, index) => {
    for (const id of (student.fixed ?? []).map(String)) fixedIn.set(id, [...(fixedIn.get(id) ?? []), index]);
  });
  const takenIds = new Set(locks.flatMap((lock) => (lock.id !== undefined ? [lock.id] : [])));
  const made = new Array<number>(model.courses.length).fill(0);
  const sections: SectionToMake[] = [];
  const nextId = (course: MasterCourse, c: number) => {
    const width = Math.max(2, String(course.sections).length);
    let id: string;
    do {
      made[c] = made[c]! + 1;
      id = `${course.id}-${String(made[c]).padStart(width, '0')}`;
    } while (takenIds.has(id));
    takenIds.add(id);
    return id;
  };
  const lockedCount = new Array<number>(model.courses.length).fill(0);
  locks.forEach((lock, index) => {
    const c = model.courseIndex.get(lock.course)!;
    lockedCount[c]!++;
    sections.push({
      id: lock.id ?? '',
      course: c,
      lock: index,
      lockedTime: lock.slots !== undefined ? timeOfSlots(model, c, lock.slots) : -1,
      lockedTeacher: lock.teacher !== undefined ? teacherIndex.get(lock.teacher)! : -1,
      lockedRoom: lock.room !== undefined ? roomIndex.get(lock.room)! : -1,
      fixedStudents: lock.id !== undefined ? (fixedIn.get(lock.id) ?? []) : [],
    });
  });
  for (const section of sections) if (section.id === '') section.id = nextId(model.courses[section.course]!, section.course);
  model.courses.forEach((course, c) => {
    for (let k = lockedCount[c]!; k < course.sections; k++) {
      sections.push({ id: nextId(course, c), course: c, lock: -1, lockedTime: -1, lockedTeacher: -1, lockedRoom: -1, fixedStudents: [] });
    }
  });
  return sections;
}

