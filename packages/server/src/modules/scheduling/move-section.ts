import type { Kysely } from 'kysely';
import { z } from 'zod';
import { checkMasterSchedule } from '@homeroom/core/scheduling/master-schedule-checks';
import { writeAudit, writeAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import { requireSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, Problem, staleVersion } from '../../http/problem.ts';
import { applyPlacements } from './placements.repository.ts';
import { buildSchoolInstance } from './build-instance.ts';
import { RUN_ROLES } from './commit-scheduling-run.ts';
import { studentsInSections } from './scheduling-run.repository.ts';
import { classmatesOtherSections, loadMasterSchedule, lockSectionRow, sectionForEdit, sectionTerm, slotPeriod, type MasterScheduleData, type MasterSection } from './master-schedule.repository.ts';
import { masterCheckGroups } from './schedule-report.ts';
import type { Handle } from '../../db/handle.ts';

export const moveSectionInput = z
  .strictObject({
    period: z.string().min(1).max(20).optional(),
    term: z.enum(['S1', 'S2']).optional(),
    staffId: z.number().int().positive().optional(),
    roomId: z.number().int().positive().optional(),
    reason: z.string().trim().max(500).optional(),
    dryRun: z.boolean().default(false),
  })
  .refine((b) => b.period !== undefined || b.term !== undefined || b.staffId !== undefined || b.roomId !== undefined, { message: 'name at least one of period, term, staffId, roomId to move the section to' });

export type MoveSectionInput = z.output<typeof moveSectionInput>;

export interface MoveClash {
  kind: string;
  /** A hard rule: the move cannot be saved while it holds. */
  hard: boolean;
  message: string;
  sectionIds?: number[];
  students?: number;
}

/** The section, with its school checked: only the school's administrators and district administrators move sections. */
export async function sectionForMasterEdit(db: Handle, actor: Actor, sectionId: number) {
  const section = await sectionForEdit(db, actor.districtId, sectionId);
  if (!section) throw notFound('This section');
  await requireSchool(db, actor, section.school_id, RUN_ROLES).catch(() => {
    throw notFound('This section');
  });
  return section;
}

function targetOf(data: MasterScheduleData, section: MasterSection, input: MoveSectionInput) {
  const term = sectionTerm(section);
  const period = input.period ?? (section.slots.length ? slotPeriod(section.slots[0]!) : undefined);
  if (period === undefined) throw new Problem(400, 'period-required', 'Say which period the section moves to', `${section.code} has no period yet: choose one.`);
  if (!data.periods.some((p) => p.code === period)) throw new Problem(400, 'unknown-period', 'No such period', `The school has no period ${period}; its periods are ${data.periods.map((p) => p.code).join(', ')}.`);
  let terms: string[];
  if (term === 'year') {
    if (input.term !== undefined) throw new Problem(400, 'year-section', 'A year-long section meets in every term', `${section.code} meets all year; move it to another period, not another term.`);
    terms = data.terms.map((t) => t.code);
  } else {
    const chosen = input.term ?? term;
    if (!chosen) throw new Problem(400, 'term-required', 'Say which term the section meets in', `${section.code} has no term yet: choose S1 or S2.`);
    if (!data.terms.some((t) => t.code === chosen)) throw new Problem(400, 'unknown-term', 'No such term', `The school year has no term ${chosen}.`);
    terms = [chosen];
  }
  const teacher = input.staffId !== undefined ? data.teachers.find((t) => t.staffId === input.staffId) : data.teachers.find((t) => t.staffId === section.staffId);
  if (input.staffId !== undefined && !teacher) throw new Problem(400, 'unknown-teacher', 'That teacher does not teach at this school', `Staff ${input.staffId} has no teaching assignment at this school for the year.`);
  const room = data.rooms.find((r) => r.id === (input.roomId ?? section.roomId));
  if (input.roomId !== undefined && !room) throw new Problem(400, 'unknown-room', 'No such room at this school', `Room ${input.roomId} is not one of this school's rooms.`);
  return { slots: terms.map((t) => `${t}-${period}`), period, teacher, room };
}

/**
 * What a move would break, before it is saved: the hard rules (teacher or room double-booked, a
 * teacher unavailable, unqualified or over their sections, a room of the wrong kind or too small,
 * a locked section), and what it costs students (enrolled students who have another class then,
 * or are away; a new singleton clash among their requests).
 */
async function clashesOf(db: Handle, actor: Actor, data: MasterScheduleData, section: MasterSection, target: ReturnType<typeof targetOf>): Promise<MoveClash[]> {
  const clashes: MoveClash[] = [];
  const others = data.sections.filter((s) => s.id !== section.id);
  const shares = (s: MasterSection) => s.slots.some((slot) => target.slots.includes(slot));
  const teacherChanged = target.teacher?.staffId !== section.staffId;
  const timeChanged = target.slots.join() !== section.slots.join();
  if (section.locked) clashes.push({ kind: 'section-locked', hard: true, message: `${section.code} is locked: unlock it before moving it.` });
  if (target.teacher && (teacherChanged || timeChanged)) {
    const t = target.teacher;
    const busy = others.filter((s) => s.staffId === t.staffId && shares(s));
    if (busy.length) clashes.push({ kind: 'teacher-double-booked', hard: true, message: `${t.name} already teaches ${busy.map((s) => s.code).join(', ')} then.`, sectionIds: busy.map((s) => s.id) });
    const away = target.slots.filter((slot) => t.unavailableSlots.has(slot));
    if (away.length) clashes.push({ kind: 'teacher-unavailable', hard: true, message: `${t.name} cannot teach in ${away.join(', ')}.` });
    if (!t.courseIds.has(section.courseId)) clashes.push({ kind: 'teacher-not-qualified', hard: teacherChanged, message: `${t.name} is not qualified to teach ${section.title}.` });
    for (const term of data.terms.map((x) => x.code)) {
      const load = others.filter((s) => s.staffId === t.staffId && s.slots.some((slot) => slot.startsWith(`${term}-`))).length + (target.slots.some((slot) => slot.startsWith(`${term}-`)) ? 1 : 0);
      if (load > t.maxSections) clashes.push({ kind: 'teacher-over-sections', hard: true, message: `${t.name} would teach ${load} sections in ${term}, more than ${t.maxSections}.` });
    }
  }
  if (target.room && (target.room.id !== section.roomId || timeChanged)) {
    const r = target.room;
    const taken = others.filter((s) => s.roomId === r.id && shares(s));
    if (taken.length) clashes.push({ kind: 'room-double-booked', hard: true, message: `Room ${r.code} already holds ${taken.map((s) => s.code).join(', ')} then.`, sectionIds: taken.map((s) => s.id) });
    if (r.id !== section.roomId && r.type !== section.roomType) clashes.push({ kind: 'room-wrong-type', hard: true, message: `Room ${r.code} is a ${r.type} room; ${section.title} needs a ${section.roomType} room.` });
    if (r.id !== section.roomId && r.capacity < section.capacity) clashes.push({ kind: 'room-too-small', hard: true, message: `Room ${r.code} seats ${r.capacity}; the section has ${section.capacity} seats.` });
  }
  if (timeChanged) clashes.push(...(await studentClashes(db, actor, data, section, target.slots)));
  if (section.enrolled > 0 && (timeChanged || teacherChanged)) {
    clashes.push({ kind: 'students-affected', hard: false, message: `${section.enrolled} enrolled students would see ${section.code} ${timeChanged ? 'at another time' : 'with another teacher'}.`, students: section.enrolled });
  }
  return clashes;
}

async function studentClashes(db: Handle, actor: Actor, data: MasterScheduleData, section: MasterSection, slots: string[]): Promise<MoveClash[]> {
  const clashes: MoveClash[] = [];
  const rows = await classmatesOtherSections(db, actor.districtId, section.id);
  const slotsOf = new Map(data.sections.map((s) => [s.id, s.slots]));
  const busy = new Set(rows.filter((r) => slotsOf.get(r.section_id)?.some((slot) => slots.includes(slot))).map((r) => r.student_id));
  if (busy.size) clashes.push({ kind: 'students-double-booked', hard: false, message: `${busy.size} students in ${section.code} already have another class then.`, students: busy.size });
  const built = await buildSchoolInstance(db, actor.districtId, data.schoolId, data.schoolYearId, 'move');
  const enrolled = new Set(rows.map((r) => String(r.student_id)));
  const away = built.instance.students.filter((s) => enrolled.has(s.id) && s.unavailableSlots?.some((slot) => slots.includes(slot))).length;
  if (away) clashes.push({ kind: 'students-unavailable', hard: false, message: `${away} students in ${section.code} are away then (off-campus programs).`, students: away });
  const groups = await masterCheckGroups(db, actor.districtId, data.schoolId, data.schoolYearId, built.instance.courses.map((c) => c.id));
  const key = (w: { kind: string; message: string }) => w.message;
  const before = new Set(checkMasterSchedule(built.instance, { groups }).map(key));
  const moved = { ...built.instance, sections: built.instance.sections.map((s) => (s.id === String(section.id) ? { ...s, slots } : s)) };
  for (const w of checkMasterSchedule(moved, { groups })) {
    if (w.kind === 'more-requests-than-seats' || before.has(key(w))) continue;
    clashes.push({ kind: w.kind, hard: false, message: w.message, ...(w.kind === 'singleton-clash' ? { students: w.students } : {}) });
  }
  return clashes;
}

/**
 * Moves a section to another period, term, teacher or room. A dry run shows what the move would
 * break; a save checks again inside its transaction, against the version the administrator saw
 * (If-Match), refuses a move that breaks a hard rule, and writes the audit rows (the section, and
 * each enrolled student whose timetable changes).
 */
export async function moveSection(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, sectionId: number, input: MoveSectionInput, expectedVersion: number | null) {
  return db.transaction().execute(async (trx) => {
    const row = await sectionForMasterEdit(trx, actor, sectionId);
    if (!input.dryRun) await lockSectionRow(trx, actor.districtId, sectionId);
    const data = await loadMasterSchedule(trx, actor.districtId, row.school_id, row.school_year_id, actor.today);
    const section = data.sections.find((s) => s.id === sectionId)!;
    const target = targetOf(data, section, input);
    const clashes = await clashesOf(trx, actor, data, section, target);
    const hard = clashes.filter((c) => c.hard);
    const preview = { sectionId, code: section.code, from: { slots: section.slots, staffId: section.staffId, roomId: section.roomId }, to: { slots: target.slots, staffId: target.teacher?.staffId ?? null, roomId: target.room?.id ?? null }, studentsAffected: section.enrolled, clashes };
    if (input.dryRun) return { ...preview, saved: false, canSave: hard.length === 0 && !section.locked };
    if (expectedVersion === null) throw new Problem(428, 'if-match-required', 'The move does not say which version of the section it changes', 'Send the ETag you read as If-Match.');
    if (section.version !== expectedVersion) throw staleVersion('this section', 'the master schedule');
    if (hard.length) throw new Problem(409, 'move-breaks-rules', `Moving ${section.code} breaks ${hard.length === 1 ? 'a rule' : `${hard.length} rules`} of the master schedule`, hard.map((c) => c.message).join(' '), { clashes });
    const ids = (codes: string[], list: Array<{ id: number; code: string }>) => codes.map((code) => list.find((x) => x.code === code)!.id);
    const termIds = ids(target.slots.map((slot) => slot.split('-')[0]!), data.terms);
    const periodId = ids([target.period], data.periods)[0]!;
    await applyPlacements(trx, actor.districtId, row.school_year_id, [
      { sectionId, meetings: termIds.map((termId) => ({ termId, periodId })), staffId: target.teacher?.staffId ?? null, roomId: target.room?.id ?? null, previousStaffId: section.staffId },
    ], actor.today);
    await writeAudit(trx, actor, origin, { action: 'update', entity: 'section', entityId: sectionId, schoolId: row.school_id, reason: input.reason ?? 'master schedule: section moved', details: { from: preview.from, to: preview.to } });
    await writeAuditForStudents(trx, actor, origin, { action: 'update', entity: 'schedule', entityId: `section ${sectionId}`, schoolId: row.school_id, reason: `section ${section.code} moved in the master schedule` }, await studentsInSections(trx, actor.districtId, [sectionId]));
    return { ...preview, saved: true, canSave: true, version: section.version + 1 };
  });
}
