import { sql } from 'kysely';
import type { Handle } from '../../db/handle.ts';
import type { NewTaking } from './attendance.repository.ts';

// What an attendance file is checked against, read in a few set-based queries before any row is
// looked at, and what applying it writes besides the marks.

/** The district the command line imports into: the one named, or the only one. */
export function districtForImport(db: Handle, districtCode: string | undefined) {
  return districtCode
    ? db.selectFrom('district').select('id').where('code', '=', districtCode).executeTakeFirst()
    : db.selectFrom('district').select('id').orderBy('id').executeTakeFirst();
}

export function schoolsOfDistrict(db: Handle, districtId: number) {
  return db.selectFrom('school').select(['id', 'code', 'name', 'attendance_mode']).where('district_id', '=', districtId).execute();
}

export function schoolYearsOfDistrict(db: Handle, districtId: number) {
  return db.selectFrom('school_year').select(['id', 'start_date', 'end_date']).where('district_id', '=', districtId).execute();
}

export function sectionsByCode(db: Handle, districtId: number, schoolIds: number[], sectionCodes: string[]) {
  if (schoolIds.length === 0 || sectionCodes.length === 0) return Promise.resolve([]);
  return db.selectFrom('section').select(['id', 'school_id', 'school_year_id', 'code']).where('district_id', '=', districtId).where('school_id', 'in', schoolIds).where('code', 'in', sectionCodes).execute();
}

export function calendarDaysOf(db: Handle, districtId: number, schoolIds: number[], days: string[]) {
  if (schoolIds.length === 0 || days.length === 0) return Promise.resolve([]);
  return db.selectFrom('calendar_day').select(['school_id', 'day', 'is_instructional', 'note', 'day_type']).where('district_id', '=', districtId).where('school_id', 'in', schoolIds).where('day', 'in', days).execute();
}

/** Student ids by local id, asked 5,000 at a time so a district-wide file stays within a statement's parameters. */
export async function studentIdsByLocalId(db: Handle, districtId: number, localIds: string[]): Promise<Map<string, number>> {
  const students = new Map<string, number>();
  for (let i = 0; i < localIds.length; i += 5000) {
    for (const s of await db.selectFrom('student').select(['id', 'local_id']).where('district_id', '=', districtId).where('local_id', 'in', localIds.slice(i, i + 5000)).execute()) students.set(s.local_id, s.id);
  }
  return students;
}

/** The roster spans of the sections that overlap the days from `first` to `last`. */
export function rosterSpans(db: Handle, districtId: number, sectionIds: number[], first: string, last: string) {
  if (sectionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('section_roster')
    .select(['section_id', 'student_id', 'start_date', 'end_date'])
    .where('district_id', '=', districtId)
    .where('section_id', 'in', sectionIds)
    .where('start_date', '<=', last)
    .where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>', first)]))
    .execute();
}

/** When the sections meet: weekdays, term dates and period. */
export function sectionMeetings(db: Handle, districtId: number, sectionIds: number[]) {
  if (sectionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('section_meeting as m')
    .innerJoin('term as t', (j) => j.onRef('t.district_id', '=', 'm.district_id').onRef('t.id', '=', 'm.term_id'))
    .innerJoin('period as p', (j) => j.onRef('p.district_id', '=', 'm.district_id').onRef('p.id', '=', 'm.period_id'))
    .select(['m.section_id', 'm.days', 't.start_date', 't.end_date', 'p.id as period_id', 'p.code as period_code'])
    .where('m.district_id', '=', districtId)
    .where('m.section_id', 'in', sectionIds)
    .execute();
}

/** A teacher's save and an import of the same section take turns, as two saves do. */
export async function lockSectionForMarks(db: Handle, districtId: number, sectionId: number): Promise<void> {
  await sql`select id from section where district_id = ${districtId} and id = ${sectionId} for no key update`.execute(db);
}

/** The codes stored for some students at one class meeting. */
export function storedMeetingMarks(db: Handle, districtId: number, sectionId: number, day: string, periodId: number, studentIds: number[]) {
  return db
    .selectFrom('period_attendance')
    .select(['student_id', 'code', 'source', 'minutes_absent'])
    .where('district_id', '=', districtId)
    .where('section_id', '=', sectionId)
    .where('day', '=', day)
    .where('period_id', '=', periodId)
    .where('student_id', 'in', studentIds)
    .execute();
}

/** The codes stored for some students' whole day. */
export function storedDayMarks(db: Handle, districtId: number, day: string, studentIds: number[]) {
  return db.selectFrom('daily_attendance').select(['student_id', 'code', 'source']).where('district_id', '=', districtId).where('day', '=', day).where('student_id', 'in', studentIds).execute();
}

/** An import's taking: a save's, with the source `import`; the same file imported twice records its taking once. */
export type ImportedTaking = Omit<NewTaking, 'source'>;

export async function recordImportedTaking(db: Handle, t: ImportedTaking): Promise<void> {
  await db
    .insertInto('attendance_taking')
    .values({ district_id: t.districtId, section_id: t.sectionId, day: t.day, period_id: t.periodId, taken_by: t.takenBy, idempotency_key: t.idempotencyKey, source: 'import', result: JSON.stringify(t.result) })
    .onConflict((oc) => oc.columns(['district_id', 'idempotency_key']).doNothing())
    .execute();
}
