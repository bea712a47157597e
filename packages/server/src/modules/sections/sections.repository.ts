import { sql } from 'kysely';
import type { Handle } from '../../db/handle.ts';

/** The sections a teacher teaches on a day (effective-dated), with their periods that day and roster counts. */
export function sectionsTaughtOn(db: Handle, districtId: number, staffId: number, today: string) {
  return db
    .selectFrom('section_teacher as st')
    .innerJoin('section as s', (j) => j.onRef('s.id', '=', 'st.section_id').onRef('s.district_id', '=', 'st.district_id'))
    .innerJoin('course as c', 'c.id', 's.course_id')
    .innerJoin('school as sc', 'sc.id', 's.school_id')
    .innerJoin('school_year as y', 'y.id', 's.school_year_id')
    .select((eb) => [
      's.id', 's.code', 'c.code as course_code', 'c.title as course_title', 'sc.id as school_id', 'sc.name as school_name',
      eb
        .selectFrom('section_meeting as m')
        .innerJoin('period as p', 'p.id', 'm.period_id')
        .innerJoin('term as t', 't.id', 'm.term_id')
        .select(sql<string[]>`array_agg(distinct p.code order by p.code)`.as('periods'))
        .whereRef('m.section_id', '=', 's.id')
        .where('t.start_date', '<=', today)
        .where('t.end_date', '>=', today)
        .as('periods'),
      eb
        .selectFrom('section_roster as r')
        .select(sql<number>`count(distinct r.student_id)::int`.as('n'))
        .whereRef('r.section_id', '=', 's.id')
        .where('r.start_date', '<=', today)
        .where((w) => w.or([w('r.end_date', 'is', null), w('r.end_date', '>', today)]))
        .as('students'),
    ])
    .where('st.district_id', '=', districtId)
    .where('st.staff_id', '=', staffId)
    .where('st.start_date', '<=', today)
    .where((w) => w.or([w('st.end_date', 'is', null), w('st.end_date', '>', today)]))
    .where('y.start_date', '<=', today)
    .where('y.end_date', '>=', today)
    .orderBy('s.code')
    .execute();
}

/** The grading periods of the year's terms that have begun by a day: where marks can be entered. */
export function gradingPeriodsBegun(db: Handle, districtId: number, today: string) {
  return db
    .selectFrom('grading_period as g')
    .innerJoin('term as t', 't.id', 'g.term_id')
    .innerJoin('school_year as y', 'y.id', 't.school_year_id')
    .select(['g.id', 'g.code', 'g.name', 'g.is_final', 'g.marks_due', 'g.end_date'])
    .where('g.district_id', '=', districtId)
    .where('y.start_date', '<=', today)
    .where('y.end_date', '>=', today)
    .where('g.start_date', '<=', today)
    .orderBy('g.end_date')
    .orderBy('g.code')
    .execute();
}
