import { sql } from 'kysely';
import type { Handle } from '../../db/handle.ts';
import { primaryEnrollmentsOn } from '../../jobs/document-batch.repository.ts';

export async function gradingPeriod(db: Handle, districtId: number, gradingPeriodId: number) {
  return db
    .selectFrom('grading_period as g')
    .innerJoin('term as t', (j) => j.onRef('t.district_id', '=', 'g.district_id').onRef('t.id', '=', 'g.term_id'))
    .innerJoin('school_year as y', (j) => j.onRef('y.district_id', '=', 't.district_id').onRef('y.id', '=', 't.school_year_id'))
    .select(['g.id', 'g.name', 'g.start_date', 'g.end_date', 'g.is_final', 't.code as term', 'y.name as school_year'])
    .where('g.district_id', '=', districtId)
    .where('g.id', '=', gradingPeriodId)
    .executeTakeFirst();
}

/**
 * A student's standing mark in each section for a grading period (a corrected mark replaced by its
 * correction), with the section's primary teacher and the student's absences and tardies in
 * that section within the period's dates.
 */
export async function reportCardLines(db: Handle, districtId: number, studentId: number, period: { id: number; start_date: string; end_date: string }) {
  const { rows } = await sql<{ section_id: number; section: string; course: string; title: string; mark: string; comment: string | null; teacher: string | null; absences: number; tardies: number }>`
    select m.section_id, s.code as section, c.code as course, c.title, m.mark, m.comment,
      (select st.last_name || ', ' || st.first_name from section_teacher t join staff st on st.district_id = t.district_id and st.id = t.staff_id
        where t.district_id = m.district_id and t.section_id = m.section_id and t.role = 'primary' order by t.start_date desc limit 1) as teacher,
      (select count(*)::int from period_attendance p join attendance_code a on a.district_id = p.district_id and a.code = p.code
        where p.district_id = m.district_id and p.section_id = m.section_id and p.student_id = m.student_id and p.day between ${period.start_date}::date and ${period.end_date}::date and a.counts_as_absent) as absences,
      (select count(*)::int from period_attendance p join attendance_code a on a.district_id = p.district_id and a.code = p.code
        where p.district_id = m.district_id and p.section_id = m.section_id and p.student_id = m.student_id and p.day between ${period.start_date}::date and ${period.end_date}::date and a.state_category = 'tardy') as tardies
    from mark m
    join section s on s.district_id = m.district_id and s.id = m.section_id
    join course c on c.district_id = s.district_id and c.id = s.course_id
    where m.district_id = ${districtId} and m.student_id = ${studentId} and m.grading_period_id = ${period.id}
      and not exists (select 1 from mark n where n.district_id = m.district_id and n.supersedes_id = m.id)
    order by s.code`.execute(db);
  return rows;
}

/**
 * The students of a school's report-card batch, in id order: enrolled there (primary
 * enrollment) on the grading period's last day, or today while it runs, optionally in one grade,
 * or on one section's roster within the period's dates. A student who left during the period
 * gets the card from the school they went to, as the school's records follow the student.
 */
export async function reportCardBatchStudents(db: Handle, districtId: number, selection: { schoolId: number; grade: number | null; sectionId: number | null; startDate: string; endDate: string; today: string }): Promise<number[]> {
  const day = selection.endDate < selection.today ? selection.endDate : selection.today;
  let query = primaryEnrollmentsOn(db, districtId, { day, grade: selection.grade, schoolId: selection.schoolId });
  if (selection.sectionId !== null) {
    const sectionId = selection.sectionId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('section_roster as r')
          .select('r.id')
          .whereRef('r.district_id', '=', 'e.district_id')
          .whereRef('r.student_id', '=', 'e.student_id')
          .where('r.section_id', '=', sectionId)
          .where(sql<boolean>`r.start_date <= ${selection.endDate}::date and (r.end_date is null or r.end_date > ${selection.startDate}::date)`),
      ),
    );
  }
  const rows = await query.orderBy('e.student_id').execute();
  return rows.map((r) => r.student_id);
}

/** The school a section belongs to, or undefined when the district has no such section. */
export async function sectionSchool(db: Handle, districtId: number, sectionId: number): Promise<number | undefined> {
  const row = await db.selectFrom('section').select('school_id').where('district_id', '=', districtId).where('id', '=', sectionId).executeTakeFirst();
  return row?.school_id;
}
