import { loadMasterSchedule, sectionTerm, slotPeriod, type MasterScheduleData } from './master-schedule.repository.ts';
import { schoolScheduleChecks } from './schedule-report.ts';
import type { Handle } from '../../db/handle.ts';

export interface GridCheck {
  kind: string;
  message: string;
  sectionIds: number[];
  slots: string[];
}

/**
 * Hard rules the schedule already breaks: a teacher or room in two sections at once, a section in
 * a room of another kind or too small, a teacher not qualified for the course.
 */
function brokenRules(data: MasterScheduleData): GridCheck[] {
  const checks: GridCheck[] = [];
  const teacherNames = new Map(data.teachers.map((t) => [t.staffId, t.name]));
  const roomCodes = new Map(data.rooms.map((r) => [r.id, r.code]));
  for (const [kind, key, label] of [
    ['teacher-double-booked', 'staffId', (id: number) => `${teacherNames.get(id) ?? 'A teacher'} teaches`],
    ['room-double-booked', 'roomId', (id: number) => `Room ${roomCodes.get(id) ?? id} holds`],
  ] as const) {
    const bySlot = new Map<string, number[]>();
    for (const s of data.sections) {
      const owner = s[key];
      if (owner === null) continue;
      for (const slot of s.slots) bySlot.set(`${owner}|${slot}`, [...(bySlot.get(`${owner}|${slot}`) ?? []), s.id]);
    }
    for (const [at, ids] of bySlot) {
      if (ids.length < 2) continue;
      const [owner, slot] = at.split('|') as [string, string];
      const codes = ids.map((id) => data.sections.find((s) => s.id === id)!.code);
      checks.push({ kind, message: `${label(Number(owner))} ${codes.join(' and ')} at once in ${slot}`, sectionIds: ids, slots: [slot] });
    }
  }
  const rooms = new Map(data.rooms.map((r) => [r.id, r]));
  const teachers = new Map(data.teachers.map((t) => [t.staffId, t]));
  for (const s of data.sections) {
    const room = s.roomId === null ? undefined : rooms.get(s.roomId);
    if (room && (room.type !== s.roomType || room.capacity < s.capacity)) {
      checks.push({ kind: 'room-unsuitable', message: `${s.code} needs a ${s.roomType} room with ${s.capacity} seats; room ${room.code} is a ${room.type} room with ${room.capacity}`, sectionIds: [s.id], slots: s.slots });
    }
    const teacher = s.staffId === null ? undefined : teachers.get(s.staffId);
    if (teacher && !teacher.courseIds.has(s.courseId)) checks.push({ kind: 'teacher-not-qualified', message: `${teacher.name} is not qualified to teach ${s.title} (${s.code})`, sectionIds: [s.id], slots: s.slots });
  }
  return checks;
}

/**
 * The master-schedule grid an administrator works on: periods (in each term) by teachers and by
 * rooms, each section with its fill, lock and program, the schedule checks (singleton clashes, a
 * group all in one period, more requests than seats, double bookings) pointing at the sections
 * they concern, and the sections that still lack a period, a teacher or a room.
 */
export async function masterScheduleGrid(db: Handle, districtId: number, schoolId: number, schoolYearId: number) {
  const data = await loadMasterSchedule(db, districtId, schoolId, schoolYearId);
  const { warnings } = await schoolScheduleChecks(db, districtId, schoolId, schoolYearId);
  const checks: GridCheck[] = [
    ...warnings.map((w) => {
      const courses = w.kind === 'singleton-clash' || w.kind === 'group-in-one-period' ? w.courses : [w.course];
      const slots = w.kind === 'more-requests-than-seats' ? [] : w.slots;
      const sectionIds = data.sections.filter((s) => courses.includes(s.courseCode) && (slots.length === 0 || s.slots.some((slot) => slots.includes(slot)))).map((s) => s.id);
      return { kind: w.kind, message: w.message, sectionIds, slots };
    }),
    ...brokenRules(data),
  ];
  const checksOf = new Map<number, number[]>();
  checks.forEach((c, i) => c.sectionIds.forEach((id) => checksOf.set(id, [...(checksOf.get(id) ?? []), i])));
  const teacherNames = new Map(data.teachers.map((t) => [t.staffId, t.name]));
  const rooms = new Map(data.rooms.map((r) => [r.id, r]));
  const sections = data.sections.map((s) => ({
    id: s.id,
    code: s.code,
    course: s.courseCode,
    title: s.title,
    term: sectionTerm(s),
    period: s.slots.length ? slotPeriod(s.slots[0]!) : null,
    slots: s.slots,
    teacher: s.staffId === null ? null : { staffId: s.staffId, name: teacherNames.get(s.staffId) ?? `staff ${s.staffId}` },
    room: s.roomId === null ? null : { id: s.roomId, code: rooms.get(s.roomId)?.code ?? String(s.roomId) },
    enrolled: s.enrolled,
    capacity: s.capacity,
    locked: s.locked,
    program: s.program,
    version: s.version,
    checks: checksOf.get(s.id) ?? [],
  }));
  const cells = (owner: (s: (typeof data.sections)[number]) => boolean) => {
    const byslot: Record<string, number[]> = {};
    for (const s of data.sections) if (owner(s)) for (const slot of s.slots) (byslot[slot] ??= []).push(s.id);
    return byslot;
  };
  return {
    schoolId,
    terms: data.terms.map((t) => t.code),
    periods: data.periods.map((p) => ({ code: p.code, name: p.name })),
    sections,
    byTeacher: data.teachers.map((t) => ({ staffId: t.staffId, name: t.name, maxSections: t.maxSections, cells: cells((s) => s.staffId === t.staffId) })),
    byRoom: data.rooms.map((r) => ({ id: r.id, code: r.code, name: r.name, type: r.type, capacity: r.capacity, cells: cells((s) => s.roomId === r.id) })),
    checks,
    unplaced: sections
      .map((s) => ({ id: s.id, code: s.code, missing: [...(s.slots.length ? [] : ['period']), ...(s.teacher ? [] : ['teacher']), ...(s.room ? [] : ['room'])] }))
      .filter((s) => s.missing.length > 0),
  };
}
