import { schoolSlots, type MasterInput, type MasterLock, type MasterScheduleOutput, type ScheduledSection } from '@homeroom/core/formats/master';
import { checkMasterHardRules } from '@homeroom/core/scheduling/master-check';
import { buildSchoolInstance } from './build-instance.ts';
import type { SectionPlacement } from './placements.repository.ts';
import { loadMasterSchedule, masterScheduleFingerprint, sectionTerm, type MasterScheduleData, type MasterSection } from './master-schedule.repository.ts';
import type { Handle } from '../../db/handle.ts';

/**
 * What the builder places: one section of the school, or the two halves of a semester pair (English
 * 10A in the fall, 10B in the spring, same period, teacher and room, as the school runs them). The
 * pair is one year course to the builder, so the fall half never lands in the spring.
 */
export interface PlacementUnit {
  key: string;
  course: string;
  term: 'year' | 'sem';
  sections: MasterSection[];
}

export interface MasterBuildInput {
  input: MasterInput;
  units: PlacementUnit[];
  /** The lock made for a unit, by unit key: its section in the output carries the lock's id. */
  unitLocks: Map<string, string>;
  data: MasterScheduleData;
  fingerprint: string;
  /** What the builder was not given as it stands (a locked section in a room of the wrong kind). */
  notes: string[];
  /** The master schedule as it stands, in the builder's terms, for the preview's comparison. */
  current: MasterScheduleOutput;
}

function groupUnits(data: MasterScheduleData): PlacementUnit[] {
  const units: PlacementUnit[] = [];
  const used = new Set<number>();
  const fallOnly = data.sections.filter((s) => sectionTerm(s) === 'S1' && s.nextSemesterCourseId !== null);
  for (const fall of fallOnly) {
    const springs = data.sections.filter((s) => !used.has(s.id) && s.courseId === fall.nextSemesterCourseId && sectionTerm(s) === 'S2');
    const period = fall.slots[0]!.split('-')[1];
    const spring = springs.find((s) => s.staffId === fall.staffId && s.slots[0]!.split('-')[1] === period) ?? springs[0];
    if (!spring) continue;
    used.add(fall.id).add(spring.id);
    units.push({ key: `${fall.id}+${spring.id}`, course: `${fall.courseCode}+${spring.courseCode}`, term: 'year', sections: [fall, spring] });
  }
  for (const s of data.sections) {
    if (used.has(s.id)) continue;
    // A section with no time yet is a semester section to the builder, which then picks its term.
    units.push({ key: String(s.id), course: s.courseCode, term: sectionTerm(s) === 'year' ? 'year' : 'sem', sections: [s] });
  }
  return units;
}

/**
 * The school's year in `homeroom.master/v1`: its sections (as units) counted by course, the
 * teachers with their qualifications, sections a term and unavailable periods, its rooms, locked
 * sections as locks, and the students' course requests for that year.
 */
export async function buildMasterInput(db: Handle, districtId: number, schoolId: number, schoolYearId: number, name: string, options: { keepTeachers?: boolean } = {}): Promise<MasterBuildInput> {
  const data = await loadMasterSchedule(db, districtId, schoolId, schoolYearId);
  const units = groupUnits(data);
  const slotName = new Map<string, string>();
  data.terms.forEach((t) => data.periods.forEach((p, i) => slotName.set(`${t.code}-${p.code}`, `${t.code}-P${i + 1}`)));
  const slotsOf = (unit: PlacementUnit) => unit.sections.flatMap((s) => s.slots.map((slot) => slotName.get(slot)!)).sort();
  const courseOf = new Map<string, string>();
  const coursesByCode = new Map<string, { ids: number[]; units: PlacementUnit[] }>();
  for (const unit of units) {
    for (const s of unit.sections) courseOf.set(s.courseCode, unit.course);
    const entry = coursesByCode.get(unit.course) ?? { ids: [...new Set(unit.sections.map((s) => s.courseId))], units: [] };
    entry.units.push(unit);
    coursesByCode.set(unit.course, entry);
  }
  const courses = [...coursesByCode].map(([id, { units: list }]) => {
    const first = list[0]!.sections[0]!;
    return { id, title: list[0]!.sections.map((s) => s.title).join(' / '), term: list[0]!.term, sections: list.length, capacity: Math.max(1, ...list.flatMap((u) => u.sections.map((s) => s.capacity))), roomType: first.roomType };
  });
  const locks: MasterLock[] = [];
  const unitLocks = new Map<string, string>();
  const notes: string[] = [];
  const lockOf = new Map<number, string>();
  for (const unit of units) {
    if (!unit.sections.every((s) => s.locked)) continue;
    const first = unit.sections[0]!;
    const slots = slotsOf(unit);
    const periods = new Set(slots.map((slot) => slot.split('-')[1]));
    const lock: MasterLock = { id: `L${unit.key}`, course: unit.course };
    if (slots.length && (unit.term === 'sem' || (periods.size === 1 && slots.length === data.terms.length))) lock.slots = slots;
    // A lock keeps only what the hard rules allow: a room of another kind, or a teacher not
    // qualified, is left to the builder and said in the preview, rather than failing the build.
    const teacher = data.teachers.find((t) => t.staffId === first.staffId);
    const room = data.rooms.find((r) => r.id === first.roomId);
    if (teacher && unit.sections.every((s) => teacher.courseIds.has(s.courseId)) && !slots.some((slot) => [...teacher.unavailableSlots].map((u) => slotName.get(u)).includes(slot))) lock.teacher = String(teacher.staffId);
    else if (first.staffId !== null) notes.push(`${first.code} is locked, but its teacher ${teacher?.name ?? first.staffId} may not teach it then: the builder chose the teacher`);
    if (room && room.type === first.roomType && room.capacity >= Math.max(...unit.sections.map((s) => s.capacity))) lock.room = String(room.id);
    else if (room) notes.push(`${first.code} is locked, but room ${room.code} (${room.type}, ${room.capacity} seats) does not suit it: the builder chose the room`);
    locks.push(lock);
    unitLocks.set(unit.key, lock.id!);
    for (const s of unit.sections) lockOf.set(s.id, lock.id!);
  }
  // Teachers keep their sections: each other section is locked to its teacher alone, and the
  // builder chooses only its time and room.
  for (const unit of options.keepTeachers ? units : []) {
    const first = unit.sections[0]!;
    const teacher = data.teachers.find((t) => t.staffId === first.staffId);
    if (unitLocks.has(unit.key) || !teacher || !unit.sections.every((s) => teacher.courseIds.has(s.courseId))) continue;
    locks.push({ id: `T${unit.key}`, course: unit.course, teacher: String(teacher.staffId) });
    unitLocks.set(unit.key, `T${unit.key}`);
  }
  const built = await buildSchoolInstance(db, districtId, schoolId, schoolYearId, name);
  const fixedOf = new Map<string, Set<string>>();
  for (const [student, sections] of built.currentAssignments) {
    for (const section of sections) {
      const lock = lockOf.get(section);
      if (lock) fixedOf.set(String(student), (fixedOf.get(String(student)) ?? new Set()).add(lock));
    }
  }
  const students = built.instance.students
    .map((s) => {
      const seen = new Set<string>();
      const requests = [];
      for (const r of s.requests) {
        const course = courseOf.get(r.course) ?? r.course;
        if (seen.has(course)) continue;
        seen.add(course);
        requests.push({ ...r, course, alternates: [...new Set(r.alternates.map((a) => courseOf.get(a) ?? a))].filter((a) => a !== course) });
      }
      return { id: s.id, grade: s.grade, requests, unavailableSlots: (s.unavailableSlots ?? []).flatMap((slot) => slotName.get(slot) ?? []), fixed: [...(fixedOf.get(s.id) ?? [])] };
    })
    .filter((s) => s.requests.length > 0 || s.fixed.length > 0);
  const input: MasterInput = {
    format: 'homeroom.master/v1',
    name,
    terms: data.terms.map((t) => t.code),
    periods: data.periods.length,
    courses,
    teachers: data.teachers.map((t) => ({
      id: String(t.staffId),
      courses: [...coursesByCode].filter(([, c]) => c.ids.every((id) => t.courseIds.has(id))).map(([id]) => id),
      maxSections: t.maxSections,
      unavailableSlots: [...t.unavailableSlots].flatMap((slot) => slotName.get(slot) ?? []),
    })),
    rooms: data.rooms.map((r) => ({ id: String(r.id), type: r.type, capacity: r.capacity })),
    locks,
    students,
  };
  const currentSections: ScheduledSection[] = units
    .filter((u) => u.sections.every((s) => s.slots.length > 0))
    .map((u) => ({ id: u.key, course: u.course, slots: slotsOf(u), capacity: Math.max(...u.sections.map((s) => s.capacity)), teacher: String(u.sections[0]!.staffId ?? ''), room: String(u.sections[0]!.roomId ?? '') }));
  const current: MasterScheduleOutput = {
    format: 'homeroom.sectioning/v1',
    name: `${name} (as it stands)`,
    slots: [...slotName.values()],
    courses: courses.map((c) => ({ id: c.id, title: c.title, term: c.term })),
    sections: currentSections,
    students: students.map((s) => ({ ...s, fixed: [] })),
  };
  return { input, units, unitLocks, data, fingerprint: masterScheduleFingerprint(data), current, notes };
}

/**
 * The builder's sections back onto the school's: a locked unit gets its lock's section; the rest of
 * a course's units take the built sections, each preferring one its own teacher teaches, so a
 * build moves as few teachers as it can.
 */
export function placementsFrom(build: MasterBuildInput, output: MasterScheduleOutput): SectionPlacement[] {
  const { data } = build;
  const termId = new Map(data.terms.map((t) => [t.code, t.id]));
  const periodId = new Map(data.periods.map((p, i) => [`P${i + 1}`, p.id]));
  const byCourse = new Map<string, ScheduledSection[]>();
  for (const s of output.sections) byCourse.set(s.course, [...(byCourse.get(s.course) ?? []), s]);
  const lockIds = new Set((build.input.locks ?? []).map((l) => l.id));
  const currentSlots = new Map(build.current.sections.map((s) => [s.id, [...s.slots].sort().join()]));
  const placements: SectionPlacement[] = [];
  for (const unit of build.units) {
    const pool = byCourse.get(unit.course) ?? [];
    const locked = build.unitLocks.get(unit.key);
    let index = locked === undefined ? -1 : pool.findIndex((s) => s.id === locked);
    // The section that stays where it is with its teacher first, so a proposal that keeps a
    // placement does not swap two of a teacher's sections of one course (and their students).
    const now = currentSlots.get(unit.key);
    if (index < 0) index = pool.findIndex((s) => !lockIds.has(s.id) && s.teacher === String(unit.sections[0]!.staffId) && [...s.slots].sort().join() === now);
    if (index < 0) index = pool.findIndex((s) => !lockIds.has(s.id) && s.teacher === String(unit.sections[0]!.staffId));
    if (index < 0) index = pool.findIndex((s) => !lockIds.has(s.id));
    if (index < 0) continue;
    const [built] = pool.splice(index, 1) as [ScheduledSection];
    const slots = [...built.slots].sort();
    unit.sections.forEach((section, half) => {
      // A pair's fall half meets in the first term, its spring half in the second.
      const mine = unit.sections.length === 2 ? [slots[half]!] : slots;
      placements.push({
        sectionId: section.id,
        meetings: mine.map((slot) => ({ termId: termId.get(slot.split('-')[0]!)!, periodId: periodId.get(slot.split('-')[1]!)! })),
        staffId: Number(built.teacher),
        roomId: Number(built.room),
        previousStaffId: section.staffId,
      });
    });
  }
  return placements;
}

/** A hard rule of master.md that a proposal breaks, in the school's words: section codes, teacher names, room codes. */
export interface ProposalRuleBreak {
  sections: string[];
  rule: string;
}

/**
 * The hard rules of master.md that a build's proposal breaks, checked by the core's checker (the
 * one the CLI's output is held to) on the proposal put back in the builder's terms: each unit as
 * one section with its lock's id, its slots, teacher and room. Empty when every rule holds.
 */
export function proposalRuleBreaks(build: MasterBuildInput, placements: SectionPlacement[]): ProposalRuleBreak[] {
  const { data, input } = build;
  const termCode = new Map(data.terms.map((t) => [t.id, t.code]));
  const periodSlot = new Map(data.periods.map((p, i) => [p.id, `P${i + 1}`]));
  const capacity = new Map(input.courses.map((c) => [c.id, c.capacity]));
  const placed = new Map(placements.map((p) => [p.sectionId, p]));
  const codesOf = new Map<string, string>();
  const sections: ScheduledSection[] = [];
  for (const unit of build.units) {
    const halves = unit.sections.map((s) => placed.get(s.id));
    if (halves.some((p) => p === undefined)) continue;
    const id = build.unitLocks.get(unit.key) ?? unit.key;
    codesOf.set(id, unit.sections.map((s) => s.code).join('/'));
    const first = halves[0]!;
    sections.push({
      id,
      course: unit.course,
      slots: halves.flatMap((p) => p!.meetings.map((m) => `${termCode.get(m.termId)}-${periodSlot.get(m.periodId)}`)).sort(),
      capacity: capacity.get(unit.course)!,
      teacher: String(first.staffId),
      room: String(first.roomId),
    });
  }
  const output: MasterScheduleOutput = {
    format: 'homeroom.sectioning/v1',
    name: input.name ?? '',
    slots: schoolSlots(input.terms, input.periods),
    courses: input.courses.map((c) => ({ id: c.id, title: c.title, term: c.term })),
    sections,
    students: input.students,
  };
  const teacherName = new Map(data.teachers.map((t) => [String(t.staffId), t.name]));
  const roomCode = new Map(data.rooms.map((r) => [String(r.id), r.code]));
  return checkMasterHardRules(input, output).map((problem) => {
    const named = new Set<string>();
    const rule = problem
      .replace(/\b(section|teaches|holds|lock) ([LT]?\d+(?:\+\d+)?)\b/g, (whole, word: string, id: string) => {
        const codes = codesOf.get(id);
        if (codes === undefined) return whole;
        named.add(codes);
        return `${word} ${codes}`;
      })
      .replace(/\bteacher (\d+)\b/g, (whole, id: string) => (teacherName.has(id) ? `teacher ${teacherName.get(id)}` : whole))
      .replace(/\broom (\d+)\b/g, (whole, id: string) => (roomCode.has(id) ? `room ${roomCode.get(id)}` : whole));
    return { sections: [...named], rule };
  });
}
