import { sql, type Insertable } from 'kysely';
import type { MarkTable, TranscriptEntryTable } from '../../db/schema.ts';
import type { Handle } from '../../db/handle.ts';

export async function findGradingPeriod(db: Handle, districtId: number, gradingPeriodId: number) {
  return db
    .selectFrom('grading_period as g')
    .innerJoin('term as t', (join) => join.onRef('t.district_id', '=', 'g.district_id').onRef('t.id', '=', 'g.term_id'))
    .innerJoin('school_year as y', (join) => join.onRef('y.district_id', '=', 't.district_id').onRef('y.id', '=', 't.school_year_id'))
    .select(['g.id', 'g.code', 'g.name', 'g.start_date', 'g.end_date', 'g.is_final', 'g.marks_due', 't.id as term_id', 't.code as term', 'y.id as school_year_id', 'y.name as school_year'])
    .where('g.district_id', '=', districtId)
    .where('g.id', '=', gradingPeriodId)
    .executeTakeFirst();
}

export type GradingPeriod = NonNullable<Awaited<ReturnType<typeof findGradingPeriod>>>;

/** Students in the section at any time during the grading period, with their newest mark in it. */
export async function sectionMarks(db: Handle, districtId: number, sectionId: number, period: GradingPeriod) {
  return db
    .selectFrom('section_roster as r')
    .innerJoin('student as s', (join) => join.onRef('s.district_id', '=', 'r.district_id').onRef('s.id', '=', 'r.student_id'))
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('mark')
          .select(['student_id', sql<number>`max(id)`.as('latest')])
          .where('district_id', '=', districtId)
          .where('section_id', '=', sectionId)
          .where('grading_period_id', '=', period.id)
          .groupBy('student_id')
          .as('l'),
      (join) => join.onRef('l.student_id', '=', 'r.student_id'),
    )
    .leftJoin('mark as m', (join) => join.onRef('m.district_id', '=', 'r.district_id').onRef('m.id', '=', 'l.latest'))
    .select(['s.id as student_id', 's.first_name', 's.last_name', 's.local_id', 'm.id as mark_id', 'm.mark', 'm.comment', 'm.work_habits', 'm.cooperation', 'm.entered_at', 'r.start_date', 'r.end_date'])
    .distinctOn('s.id')
    .where('r.district_id', '=', districtId)
    .where('r.section_id', '=', sectionId)
    .where(sql<boolean>`r.start_date <= ${period.end_date}::date and (r.end_date is null or r.end_date > ${period.start_date}::date)`)
    .orderBy('s.id')
    .orderBy('r.start_date', 'desc')
    .execute();
}

/** Which of these students already have this section's mark for the term on their transcript. */
export async function postedStudents(db: Handle, districtId: number, sectionId: number, period: GradingPeriod): Promise<Set<number>> {
  const rows = await db
    .selectFrom('transcript_entry')
    .select('student_id')
    .where('district_id', '=', districtId)
    .where('section_id', '=', sectionId)
    .where('school_year', '=', period.school_year)
    .where('term', '=', period.term)
    .execute();
  return new Set(rows.map((r) => r.student_id));
}

/** The semester course of a section in a term: a year course's second semester is its B course. */
export async function courseForTerm(db: Handle, districtId: number, sectionId: number, term: string) {
  return db
    .selectFrom('section as s')
    .innerJoin('course as base', (join) => join.onRef('base.district_id', '=', 's.district_id').onRef('base.id', '=', 's.course_id'))
    .innerJoin('course as c', (join) =>
      join.onRef('c.district_id', '=', 'base.district_id').on(sql<boolean>`c.id = case when ${term} = 'S2' and base.next_semester_course_id is not null then base.next_semester_course_id else base.id end`),
    )
    .select(['c.id', 'c.code', 'c.title', 'c.credits', 'c.ag_area', 'c.honors', 'c.uc_honors', 'c.subject', 'c.graduation_tags', 'c.language', 's.school_id'])
    .where('s.district_id', '=', districtId)
    .where('s.id', '=', sectionId)
    .executeTakeFirstOrThrow();
}

/** Each student's grade level in a school year (the last enrollment's, when they moved). */
export async function gradeLevelsInYear(db: Handle, districtId: number, schoolYearId: number, studentIds: readonly number[]): Promise<Map<number, number>> {
  if (studentIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('enrollment')
    .select(['student_id', 'grade_level'])
    .where('district_id', '=', districtId)
    .where('school_year_id', '=', schoolYearId)
    .where('student_id', 'in', studentIds)
    .orderBy('entry_date')
    .execute();
  return new Map(rows.map((e) => [e.student_id, e.grade_level]));
}

/** Marks are appended: a change is a new row that supersedes the mark before it. */
export async function insertMarks(db: Handle, rows: readonly Insertable<MarkTable>[]) {
  if (rows.length) await db.insertInto('mark').values(rows).execute();
}

/** Final marks posted to the transcript, one entry each. */
export async function insertPostedMarks(db: Handle, rows: readonly Insertable<TranscriptEntryTable>[]) {
  if (rows.length) await db.insertInto('transcript_entry').values(rows).execute();
}
