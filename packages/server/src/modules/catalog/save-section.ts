import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { SECTION_TERMS } from '@homeroom/core/api/catalog';
import { writeAudit, writeAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import { requireSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, Problem, staleVersion } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';
import { invalid } from '../../http/validate.ts';
import { schoolYearByName } from '../district/district.repository.ts';
import { applyPlacements } from '../scheduling/placements.repository.ts';
import { studentsInSections } from '../scheduling/scheduling-run.repository.ts';
import { courseById } from './catalog.repository.ts';
import { schoolPeriods } from './school-places.repository.ts';
import { marksInSection, roomsOfSchool, schoolSections, sectionCodeTaken, sectionForUpdate, sectionsInSlots, teachersOfSchool, termsOfYear, insertSection, updateSection } from './setup-sections.repository.ts';
import { dependedOn, SETUP_KEEPERS } from './setup-access.ts';
import { describeSection, viewSection } from './view-school-sections.ts';

const id = z.number().int().positive();
/** A section as the form saves it: its course, code and seats, and when, with whom and where it meets. */
export const sectionInput = z.strictObject({
  courseId: id,
  code: z.string().trim().regex(/^[A-Za-z0-9.-]{1,20}$/, 'letters, digits, dots and hyphens, at most 20').transform((c) => c.toUpperCase()),
  /** S1, S2, SU, or year (every semester); null with periodId null: the section does not meet yet. */
  term: z.enum(SECTION_TERMS).nullable().default(null),
  periodId: id.nullable().default(null),
  staffId: id.nullable().default(null),
  roomId: id.nullable().default(null),
  capacity: z.number().int().min(0).max(1000),
  locked: z.boolean().default(false),
  program: schoolText(40).nullable().default(null),
});
export const newSectionInput = sectionInput.extend({ schoolYear: z.string().regex(/^\d{4}-\d{2}$/, 'must look like 2026-27').optional() });
export type SectionInput = z.output<typeof sectionInput>;

/**
 * What the section will be, checked against the school's year: the course, term, period, teacher
 * and room each exist there (a field error names the one that does not), and no other section
 * has the teacher or the room at that time.
 */
async function placementOf(trx: Transaction<Database>, actor: Actor, schoolId: number, schoolYearId: number, sectionId: number | null, input: SectionInput) {
  const d = actor.districtId;
  const errors: Array<{ field: string; message: string }> = [];
  const course = await courseById(trx, d, input.courseId);
  if (!course) errors.push({ field: 'body.courseId', message: 'is not a course of the catalog' });
  else if (!course.active && sectionId === null) errors.push({ field: 'body.courseId', message: `${course.code} is no longer offered (inactive in the catalog)` });
  const terms = await termsOfYear(trx, d, schoolYearId);
  const periods = await schoolPeriods(trx, d, schoolId);
  let termIds: number[] = [];
  if ((input.term === null) !== (input.periodId === null)) errors.push({ field: input.term === null ? 'body.term' : 'body.periodId', message: 'a section that meets needs both a term and a period' });
  if (input.term !== null) {
    if (course && course.term_length === 'year' && input.term !== 'year') errors.push({ field: 'body.term', message: `${course.code} is a year-long course: its sections meet all year` });
    if (course && course.term_length === 'semester' && input.term === 'year') errors.push({ field: 'body.term', message: `${course.code} is a semester course: choose the term it meets in` });
    termIds = input.term === 'year' ? terms.filter((t) => t.code !== 'SU').map((t) => t.id) : terms.filter((t) => t.code === input.term).map((t) => t.id);
    if (termIds.length === 0) errors.push({ field: 'body.term', message: `the school year has no ${input.term === 'year' ? 'semesters' : `term ${input.term}`} yet` });
  }
  if (input.periodId !== null && !periods.some((p) => p.id === input.periodId)) errors.push({ field: 'body.periodId', message: 'is not one of the school\'s periods' });
  if (input.staffId !== null && !(await teachersOfSchool(trx, d, schoolId, schoolYearId)).some((t) => t.staff_id === input.staffId)) errors.push({ field: 'body.staffId', message: 'does not teach at this school this year' });
  const room = input.roomId === null ? null : (await roomsOfSchool(trx, d, schoolId)).find((r) => r.id === input.roomId);
  if (room === undefined) errors.push({ field: 'body.roomId', message: 'is not one of the school\'s rooms' });
  if (await sectionCodeTaken(trx, d, schoolId, schoolYearId, input.code, sectionId)) errors.push({ field: 'body.code', message: `another section of the year is ${input.code}` });
  if (errors.length) throw invalid(errors);
  const meetings = input.periodId === null ? [] : termIds.map((termId) => ({ termId, periodId: input.periodId! }));
  const busy = await sectionsInSlots(trx, d, schoolYearId, meetings, sectionId, { staffId: input.staffId, roomId: input.roomId });
  const teacherBusy = busy.filter((s) => input.staffId !== null && s.staff_id === input.staffId).map((s) => s.code);
  const roomBusy = busy.filter((s) => input.roomId !== null && s.room_id === input.roomId).map((s) => s.code);
  if (teacherBusy.length) throw new Problem(409, 'teacher-double-booked', 'The teacher already teaches then', `The teacher already teaches ${teacherBusy.join(', ')} in that period. Nothing was saved.`, { field: 'body.staffId', named: { sections: teacherBusy } });
  if (roomBusy.length) throw new Problem(409, 'room-double-booked', `Room ${room!.code} is taken then`, `Room ${room!.code} already holds ${roomBusy.join(', ')} in that period. Nothing was saved.`, { field: 'body.roomId', named: { sections: roomBusy } });
  return { course: course!, meetings };
}

/** Opens a section of a course at a school for a year, and gives it its term, period, teacher and room. */
export async function createSection(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, schoolId: number, input: z.output<typeof newSectionInput>) {
  return db.transaction().execute(async (trx) => {
    await requireSchool(trx, actor, schoolId, SETUP_KEEPERS);
    const year = await schoolYearByName(trx, actor.districtId, input.schoolYear, 'current');
    const { course, meetings } = await placementOf(trx, actor, schoolId, year.id, null, input);
    const sectionId = await insertSection(trx, actor.districtId, schoolId, year.id, input);
    await applyPlacements(trx, actor.districtId, year.id, [{ sectionId, meetings, staffId: input.staffId, roomId: input.roomId, previousStaffId: null }], actor.today);
    await writeAudit(trx, actor, origin, { action: 'create', entity: 'section', entityId: sectionId, schoolId, reason: 'school setup: sections', details: { schoolYear: year.name, course: course.code, ...input } });
    return viewSection(trx, actor, schoolId, year.id, sectionId);
  });
}

/**
 * Changes a section against the version seen: its course, code, seats, lock and program, and when,
 * with whom and where it meets. Seats never go below the students in it, and a section with marks
 * keeps its course; each refusal says what depends on the section.
 */
export async function changeSection(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, sectionId: number, input: SectionInput, expectedVersion: number) {
  return db.transaction().execute(async (trx) => {
    const d = actor.districtId;
    const row = await sectionForUpdate(trx, d, sectionId);
    if (!row) throw notFound('This section');
    await requireSchool(trx, actor, row.school_id, SETUP_KEEPERS).catch(() => {
      throw notFound('This section');
    });
    if (row.version !== expectedVersion) throw staleVersion(`section ${row.code}`, 'the sections');
    const [current] = await schoolSections(trx, d, row.school_id, row.school_year_id, actor.today, sectionId);
    const before = describeSection(current!);
    if (input.capacity < before.enrolled) {
      throw dependedOn('seats-below-enrolled', `${row.code} has more students than that`, row.code, 'body.capacity', { enrolled: before.enrolled }, `it needs at least ${before.enrolled} seats`);
    }
    if (input.courseId !== row.course_id) {
      const marks = await marksInSection(trx, d, sectionId);
      if (marks > 0) throw dependedOn('section-has-marks', `${row.code} already has marks`, row.code, 'body.courseId', { marks }, `they were given in ${before.course.code}, so its course cannot change`);
    }
    const { meetings } = await placementOf(trx, actor, row.school_id, row.school_year_id, sectionId, input);
    await updateSection(trx, d, sectionId, expectedVersion, input);
    const placeChanged = before.term !== input.term || (before.period?.id ?? null) !== input.periodId || (before.teacher?.staffId ?? null) !== input.staffId || (before.room?.id ?? null) !== input.roomId;
    if (placeChanged) await applyPlacements(trx, d, row.school_year_id, [{ sectionId, meetings, staffId: input.staffId, roomId: input.roomId, previousStaffId: before.teacher?.staffId ?? null }], actor.today);
    const after = await viewSection(trx, actor, row.school_id, row.school_year_id, sectionId);
    const place = (s: typeof before) => ({ term: s.term, period: s.period?.code ?? null, teacher: s.teacher?.staffId ?? null, room: s.room?.code ?? null, course: s.course.code, capacity: s.capacity, locked: s.locked, program: s.program, code: s.code });
    await writeAudit(trx, actor, origin, { action: 'update', entity: 'section', entityId: sectionId, schoolId: row.school_id, reason: 'school setup: sections', details: { from: place(before), to: place(after) } });
    if (before.term !== input.term || (before.period?.id ?? null) !== input.periodId) {
      await writeAuditForStudents(trx, actor, origin, { action: 'update', entity: 'schedule', entityId: `section ${sectionId}`, schoolId: row.school_id, reason: `section ${row.code} changed in school setup` }, await studentsInSections(trx, d, [sectionId]));
    }
    return after;
  });
}
