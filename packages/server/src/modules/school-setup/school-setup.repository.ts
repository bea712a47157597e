import { sql } from 'kysely';
import type { Handle } from '../../db/handle.ts';

/** All of school setup's SQL: school years, their terms and grading periods, and calendar days. */

const count = sql<number>`count(*)::int`;

export async function listSchoolYears(db: Handle, districtId: number) {
  return db
    .selectFrom('school_year')
    .select(['id', 'name', sql<string>`start_date::text`.as('start_date'), sql<string>`end_date::text`.as('end_date'), 'is_current', 'version'])
    .where('district_id', '=', districtId)
    .orderBy('start_date')
    .execute();
}

export async function listTerms(db: Handle, districtId: number, schoolYearIds: number[]) {
  if (schoolYearIds.length === 0) return [];
  return db
    .selectFrom('term')
    .select(['id', 'school_year_id', 'code', 'name', sql<string>`start_date::text`.as('start_date'), sql<string>`end_date::text`.as('end_date')])
    .where('district_id', '=', districtId)
    .where('school_year_id', 'in', schoolYearIds)
    .orderBy('start_date')
    .orderBy('id')
    .execute();
}

export async function listGradingPeriods(db: Handle, districtId: number, termIds: number[]) {
  if (termIds.length === 0) return [];
  return db
    .selectFrom('grading_period')
    .select(['id', 'term_id', 'code', 'name', sql<string>`start_date::text`.as('start_date'), sql<string>`end_date::text`.as('end_date'), 'is_final', sql<string | null>`marks_due::text`.as('marks_due')])
    .where('district_id', '=', districtId)
    .where('term_id', 'in', termIds)
    .orderBy('end_date')
    .orderBy('id')
    .execute();
}

export async function schoolYearForUpdate(db: Handle, districtId: number, schoolYearId: number) {
  return db.selectFrom('school_year').select(['id', 'name', 'version']).where('district_id', '=', districtId).where('id', '=', schoolYearId).forUpdate().executeTakeFirst();
}

export async function schoolYearNamed(db: Handle, districtId: number, name: string) {
  return db.selectFrom('school_year').select('id').where('district_id', '=', districtId).where('name', '=', name).executeTakeFirst();
}

export async function insertSchoolYear(db: Handle, districtId: number, year: { name: string; startDate: string; endDate: string }) {
  return db.insertInto('school_year').values({ district_id: districtId, name: year.name, start_date: year.startDate, end_date: year.endDate }).returning(['id', 'version']).executeTakeFirstOrThrow();
}

/** Changes the year's dates and moves it to its next version, only if it is still at the version seen. */
export async function updateSchoolYear(db: Handle, districtId: number, schoolYearId: number, expectedVersion: number, year: { startDate: string; endDate: string }) {
  return db
    .updateTable('school_year')
    .set({ start_date: year.startDate, end_date: year.endDate, version: sql`version + 1` })
    .where('district_id', '=', districtId)
    .where('id', '=', schoolYearId)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
}

export async function insertTerm(db: Handle, districtId: number, schoolYearId: number, t: { code: string; name: string; startDate: string; endDate: string }) {
  return (await db.insertInto('term').values({ district_id: districtId, school_year_id: schoolYearId, code: t.code, name: t.name, start_date: t.startDate, end_date: t.endDate }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateTerm(db: Handle, districtId: number, termId: number, t: { name: string; startDate: string; endDate: string }) {
  await db.updateTable('term').set({ name: t.name, start_date: t.startDate, end_date: t.endDate }).where('district_id', '=', districtId).where('id', '=', termId).execute();
}

export async function deleteTerm(db: Handle, districtId: number, termId: number) {
  await db.deleteFrom('term').where('district_id', '=', districtId).where('id', '=', termId).execute();
}

type GradingPeriodValues = { code: string; name: string; startDate: string; endDate: string; isFinal: boolean; marksDue: string | null };

export async function insertGradingPeriod(db: Handle, districtId: number, termId: number, g: GradingPeriodValues) {
  await db.insertInto('grading_period').values({ district_id: districtId, term_id: termId, code: g.code, name: g.name, start_date: g.startDate, end_date: g.endDate, is_final: g.isFinal, marks_due: g.marksDue }).execute();
}

export async function updateGradingPeriod(db: Handle, districtId: number, gradingPeriodId: number, g: GradingPeriodValues) {
  await db.updateTable('grading_period').set({ code: g.code, name: g.name, start_date: g.startDate, end_date: g.endDate, is_final: g.isFinal, marks_due: g.marksDue }).where('district_id', '=', districtId).where('id', '=', gradingPeriodId).execute();
}

export async function deleteGradingPeriod(db: Handle, districtId: number, gradingPeriodId: number) {
  await db.deleteFrom('grading_period').where('district_id', '=', districtId).where('id', '=', gradingPeriodId).execute();
}

export async function marksInGradingPeriod(db: Handle, districtId: number, gradingPeriodId: number): Promise<number> {
  return (await db.selectFrom('mark').select(count.as('n')).where('district_id', '=', districtId).where('grading_period_id', '=', gradingPeriodId).executeTakeFirstOrThrow()).n;
}

/**
 * What already hangs on a term: marks given in its grading periods, attendance taken in the
 * district between its first and last day (terms are district-wide), sections that meet in it and
 * students' unavailable slots in it.
 */
export async function termDependents(db: Handle, districtId: number, termId: number) {
  const { rows } = await sql<{ marks: number; attendance: number; sections: number; unavailable: number }>`
    select
      (select count(*)::int from mark m join grading_period g on g.district_id = m.district_id and g.id = m.grading_period_id
        where m.district_id = t.district_id and g.term_id = t.id) as marks,
      (select count(*)::int from period_attendance a where a.district_id = t.district_id and a.day between t.start_date and t.end_date)
        + (select count(*)::int from daily_attendance a where a.district_id = t.district_id and a.day between t.start_date and t.end_date) as attendance,
      (select count(distinct m.section_id)::int from section_meeting m where m.district_id = t.district_id and m.term_id = t.id) as sections,
      (select count(*)::int from student_unavailable_slot u where u.district_id = t.district_id and u.term_id = t.id) as unavailable
    from term t where t.district_id = ${districtId} and t.id = ${termId}`.execute(db);
  return rows[0] ?? { marks: 0, attendance: 0, sections: 0, unavailable: 0 };
}

// ---- Calendar ----

const calendarColumns = ['school_id', sql<string>`day::text`.as('day'), 'day_type', 'is_instructional', 'note', 'version'] as const;

export async function calendarDays(db: Handle, districtId: number, schoolId: number, from: string, to: string) {
  return db.selectFrom('calendar_day').select([...calendarColumns]).where('district_id', '=', districtId).where('school_id', '=', schoolId).where('day', '>=', from).where('day', '<=', to).orderBy('day').execute();
}

export async function calendarDayForUpdate(db: Handle, districtId: number, schoolId: number, day: string) {
  return db.selectFrom('calendar_day').select([...calendarColumns]).where('district_id', '=', districtId).where('school_id', '=', schoolId).where('day', '=', day).forUpdate().executeTakeFirst();
}

export async function schoolYearContaining(db: Handle, districtId: number, day: string) {
  return db.selectFrom('school_year').select(['id', 'name']).where('district_id', '=', districtId).where('start_date', '<=', day).where('end_date', '>=', day).executeTakeFirst();
}

export async function districtSchools(db: Handle, districtId: number) {
  return db.selectFrom('school').select(['id', 'name']).where('district_id', '=', districtId).orderBy('id').execute();
}

type DayValues = { dayType: string; instructional: boolean; note: string | null };

export async function insertCalendarDay(db: Handle, districtId: number, schoolId: number, day: string, schoolYearId: number, v: DayValues) {
  return db
    .insertInto('calendar_day')
    .values({ district_id: districtId, school_id: schoolId, day, school_year_id: schoolYearId, day_type: v.dayType, is_instructional: v.instructional, note: v.note })
    .returning([...calendarColumns])
    .executeTakeFirstOrThrow();
}

export async function updateCalendarDay(db: Handle, districtId: number, schoolId: number, day: string, expectedVersion: number, v: DayValues) {
  return db
    .updateTable('calendar_day')
    .set({ day_type: v.dayType, is_instructional: v.instructional, note: v.note, version: sql`version + 1` })
    .where('district_id', '=', districtId)
    .where('school_id', '=', schoolId)
    .where('day', '=', day)
    .where('version', '=', expectedVersion)
    .returning([...calendarColumns])
    .executeTakeFirst();
}

/** Attendance already taken at a school on a day: period marks, daily records and teachers' takings. */
export async function attendanceOnDay(db: Handle, districtId: number, schoolId: number, day: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select
      (select count(*)::int from period_attendance a join section s on s.district_id = a.district_id and s.id = a.section_id
        where a.district_id = ${districtId} and s.school_id = ${schoolId} and a.day = ${day}::date)
      + (select count(*)::int from daily_attendance a where a.district_id = ${districtId} and a.school_id = ${schoolId} and a.day = ${day}::date)
      + (select count(*)::int from attendance_taking a join section s on s.district_id = a.district_id and s.id = a.section_id
        where a.district_id = ${districtId} and s.school_id = ${schoolId} and a.day = ${day}::date) as n`.execute(db);
  return rows[0]?.n ?? 0;
}
