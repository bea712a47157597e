import { courseDef } from './catalog.ts';
import { CURRENT_YEAR } from './calendar.ts';
import { lookup, type DistrictContext } from './context.ts';
import type { Slot } from './courses-taken.ts';
import type { SchoolPlan } from './plan.ts';
import type { Random } from './random.ts';
import type { Student } from './students.ts';
import type { Rows } from './writer.ts';

export interface Teacher {
  id: number;
  room: number;
  department: string;
  roomType: string;
  /** Bit p set: teaching in period p. */
  busy: number;
  /** Course codes of the sections the teacher teaches. */
  courses: Set<string>;
  sections: number;
}

export interface ScheduleResult {
  teachers: Teacher[];
  /** Sections a student sits in, by the student's local id (fall sections only, for marks). */
  fallSections: Array<{ section: number; student: number; course: string; period: number }>;
}

const MAX_SECTIONS = 5;

/**
 * This year's master schedule and rosters at a secondary school, built from the students' plans:
 * each course is offered in as many periods as its demand needs; each student's courses are then
 * matched to distinct periods (a bipartite matching, so a student misses a course only when
 * singleton offerings collide or a slot is unavailable); the students of each course and period
 * become sections of at most 34; teachers of the department take sections in free periods, five
 * at most. A teacher keeps one room all day, so no room and no teacher is ever double-booked.
 */
export function buildMasterSchedule(
  ctx: DistrictContext, school: SchoolPlan, random: Random, rows: Rows,
  students: Student[], plans: Map<number, Slot[]>, unavailable: Map<number, number>, periodIds: number[], newStaff: (department: string) => number,
): ScheduleResult {
  const d = ctx.districtId;
  const periods = periodIds.length;
  const yearId = lookup(ctx.yearIds, CURRENT_YEAR);
  const fall = ctx.calendar.find((y) => y.name === CURRENT_YEAR)!.terms;
  const [s1, s2] = [fall[0]!, fall[1]!];
  const s1Id = lookup(ctx.termIds, `${CURRENT_YEAR}:S1`);
  const s2Id = lookup(ctx.termIds, `${CURRENT_YEAR}:S2`);

  const demand = new Map<string, number>();
  for (const slots of plans.values()) for (const slot of slots) demand.set(slot.join('|'), (demand.get(slot.join('|')) ?? 0) + 1);
  // Place the courses with few sections first, each in the periods where the fewest of its
  // students already have another course (what a counselor does with the singleton matrix).
  const together = new Map<string, Map<string, number>>();
  for (const slots of plans.values()) {
    const keys = slots.map((slot) => slot.join('|'));
    for (const a of keys) {
      let row = together.get(a);
      if (!row) together.set(a, (row = new Map()));
      for (const b of keys) if (a !== b) row.set(b, (row.get(b) ?? 0) + 1);
    }
  }
  const offered = new Map<string, number[]>();
  const order = [...demand.entries()].sort(([a, x], [b, y]) => Math.ceil(x / 32) - Math.ceil(y / 32) || y - x || (a < b ? -1 : 1));
  for (const [key, n] of order) {
    const k = Math.min(periods, Math.ceil(n / 32));
    const conflict = new Array<number>(periods).fill(0).map(() => random.next() * 0.01);
    for (const [other, shared] of together.get(key) ?? []) {
      const placed = offered.get(other);
      if (placed) for (const p of placed) conflict[p]! += shared / placed.length;
    }
    const best = [...conflict.keys()].sort((a, b) => conflict[a]! - conflict[b]!).slice(0, k);
    offered.set(key, best.sort((a, b) => a - b));
  }

  // Match each student's slots to periods, least-filled period first.
  const load = new Map<string, Int32Array>();
  for (const key of offered.keys()) load.set(key, new Int32Array(periods));
  const members = new Map<string, number[]>();
  for (const student of students) {
    const slots = plans.get(student.id);
    if (!slots) continue;
    const blocked = unavailable.get(student.id) ?? -1;
    const keys = slots.map((s) => s.join('|'));
    const byPeriod = new Array<number>(periods).fill(-1);
    const options = keys.map((key) => {
      const filled = load.get(key)!;
      return offered.get(key)!.filter((p) => p !== blocked).sort((a, b) => filled[a]! - filled[b]!);
    });
    const place = (slot: number, seen: Set<number>): boolean => {
      for (const p of options[slot]!) {
        if (seen.has(p)) continue;
        seen.add(p);
        if (byPeriod[p] === -1 || place(byPeriod[p]!, seen)) {
          byPeriod[p] = slot;
          return true;
        }
      }
      return false;
    };
    for (let slot = 0; slot < keys.length; slot++) place(slot, new Set());
    byPeriod.forEach((slot, p) => {
      if (slot === -1) return;
      load.get(keys[slot]!)![p]!++;
      const at = `${keys[slot]}@${p}`;
      let list = members.get(at);
      if (!list) members.set(at, (list = []));
      list.push(student.id);
    });
  }

  const teachers: Teacher[] = [];
  const fallSections: ScheduleResult['fallSections'] = [];
  const sectionNumbers = new Map<string, number>();
  const roomCounts = new Map<string, number>();
  const byStudent = new Map(students.map((s) => [s.id, s]));
  const sectionCode = (code: string) => {
    const n = (sectionNumbers.get(code) ?? 0) + 1;
    sectionNumbers.set(code, n);
    return `${code}-${String(n).padStart(2, '0')}`;
  };
  const entries = [...members.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [at, ids] of entries) {
    const [key, p] = at.split('@') as [string, string];
    const period = Number(p);
    const [fallCode, springCode] = key.split('|') as [string, string];
    const fallCourse = courseDef(fallCode);
    const yearLong = fallCode === springCode;
    const count = Math.ceil(ids.length / 34);
    for (let k = 0; k < count; k++) {
      const group = ids.slice(Math.floor((k * ids.length) / count), Math.floor(((k + 1) * ids.length) / count));
      // A teacher keeps one room all day, so band is taught by a teacher whose room is the band room.
      let teacher = teachers.find((t) => t.department === fallCourse.department && t.roomType === fallCourse.roomType && t.sections < MAX_SECTIONS && !(t.busy & (1 << period)));
      if (!teacher) {
        const n = (roomCounts.get(fallCourse.roomType) ?? 0) + 1;
        roomCounts.set(fallCourse.roomType, n);
        const [roomCode, roomName, roomType] = roomFor(fallCourse.roomType, n);
        const room = rows.add('room', d, null, ctx.schoolIds[school.index]!, roomCode, roomName, roomType, roomType === 'gym' ? 45 : 36);
        teacher = { id: newStaff(fallCourse.department), room, department: fallCourse.department, roomType: fallCourse.roomType, busy: 0, sections: 0, courses: new Set() };
        teachers.push(teacher);
      }
      teacher.busy |= 1 << period;
      teacher.courses.add(fallCode).add(springCode);
      teacher.sections++;
      const capacity = Math.max(group.length, random.int(30, 34));
      // A few sections the demo's checks and locks can show: music keeps its period (band meets
      // when the band room is free), the first English section of a course serves English
      // learners, and now and then the first math section is a special-education one.
      const number = sectionNumbers.get(fallCode) ?? 0;
      const program = number === 0 && fallCourse.subject === 'english' ? 'el' : number === 0 && fallCourse.subject === 'math' && random.chance(0.3) ? 'sped' : null;
      const locked = fallCourse.roomType === 'music';
      const terms = yearLong ? [[fallCode, s1Id, s1.start, true]] as const : ([[fallCode, s1Id, s1.start, true], [springCode, s2Id, s2.start, false]] as const);
      for (const [code, termId, start, isFall] of terms) {
        const section = rows.add('section', d, null, ctx.schoolIds[school.index]!, yearId, lookup(ctx.courseIds, code), sectionCode(code), capacity, teacher.room, program, locked);
        rows.add('section_meeting', d, section, termId, periodIds[period]!, 'MTWRF');
        if (yearLong) rows.add('section_meeting', d, section, s2Id, periodIds[period]!, 'MTWRF');
        rows.add('section_teacher', d, section, teacher.id, 'primary', s1.start);
        for (const id of group) {
          const student = byStudent.get(id)!;
          const from = student.entryDate > start ? student.entryDate : start;
          rows.add('section_roster', d, null, section, id, from, null, 'seed', null);
          if (isFall) fallSections.push({ section, student: id, course: code, period });
        }
      }
    }
  }
  addQualifications(ctx, rows, teachers, [...offered.keys()].flatMap((key) => key.split('|')));
  addScheduleChanges(ctx, random, rows, students, fallSections, s1.start);
  return { teachers, fallSections };
}

/** A teacher's room, by the kind of room the department teaches in. */
export function roomFor(roomType: string, n: number): [string, string, string] {
  if (roomType === 'gym') return [`GYM-${n}`, `Gym station ${n}`, 'gym'];
  if (roomType === 'lab') return [`S${100 + n}`, `Science lab ${100 + n}`, 'lab'];
  if (roomType === 'art') return [`ART${n}`, `Art room ${n}`, 'art'];
  if (roomType === 'music') return [`MUS${n}`, `Music room ${n}`, 'music'];
  return [`${String.fromCharCode(65 + (n % 8))}${100 + n}`, `Room ${String.fromCharCode(65 + (n % 8))}${100 + n}`, 'classroom'];
}

/**
 * The first weeks' schedule changes: a few students sat in another course of the same period
 * until a counselor moved them. The old membership stays as an ended row (history is never
 * overwritten), so "what did this schedule look like on August 20?" has an answer.
 */
function addScheduleChanges(
  ctx: DistrictContext, random: Random, rows: Rows, students: Student[], fallSections: ScheduleResult['fallSections'], firstDay: string,
): void {
  const byPeriod = new Map<number, Array<{ section: number; course: string }>>();
  for (const entry of fallSections) {
    const list = byPeriod.get(entry.period) ?? [];
    if (list.length === 0 || list[list.length - 1]!.section !== entry.section) list.push(entry);
    byPeriod.set(entry.period, list);
  }
  const changeDay = '2026-08-28';
  const byStudent = new Map(students.map((s) => [s.id, s]));
  for (const entry of fallSections) {
    if (!random.chance(0.005)) continue;
    const student = byStudent.get(entry.student)!;
    if (student.entryDate >= changeDay) continue;
    const others = (byPeriod.get(entry.period) ?? []).filter((o) => o.course !== entry.course);
    if (others.length === 0) continue;
    const before = random.pick(others);
    rows.add('section_roster', ctx.districtId, null, before.section, student.id, firstDay < student.entryDate ? student.entryDate : firstDay, changeDay, 'counselor', 'schedule change: moved to a requested course');
  }
}

/**
 * Each teacher is credentialed for the courses they teach (a semester pair may cross departments:
 * Health in the fall, Ethnic Studies in the spring) and every course of their department that the
 * school offers, so the builder has choices to make.
 */
function addQualifications(ctx: DistrictContext, rows: Rows, teachers: Teacher[], codes: string[]): void {
  const byDepartment = new Map<string, Set<string>>();
  for (const code of codes) {
    const department = courseDef(code).department;
    byDepartment.set(department, (byDepartment.get(department) ?? new Set()).add(code));
  }
  for (const teacher of teachers) {
    for (const code of new Set([...teacher.courses, ...(byDepartment.get(teacher.department) ?? [])])) rows.add('staff_course_qualification', ctx.districtId, teacher.id, lookup(ctx.courseIds, code));
  }
}
