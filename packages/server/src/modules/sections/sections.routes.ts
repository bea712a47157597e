import { sql } from 'kysely';
import { mySections } from '@homeroom/core/api/district';
import { route } from '../../http/route.ts';

/**
 * The teacher's own classes: the first thing a teacher opens in the morning. Only sections they
 * teach today (effective-dated), so a section handed to a substitute or a colleague leaves the list.
 * No student is named here (counts only), so the list is not an audited read.
 */
export const sectionRoutes = [
  route({
    method: 'GET',
    url: '/api/me/sections',
    operationId: 'listMySections',
    summary: "The signed-in teacher's current sections with course, periods and how many students are on each roster today, and this year's grading periods",
    tag: 'sections',
    access: { kind: 'signed-in', roles: ['teacher'] },
    response: { description: 'Sections, in period order', schema: mySections },
    async handler({ db, actor }) {
      const today = actor.today;
      if (actor.staffId === null) return { date: today, items: [] };
      const rows = await db
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
        .where('st.district_id', '=', actor.districtId)
        .where('st.staff_id', '=', actor.staffId)
        .where('st.start_date', '<=', today)
        .where((w) => w.or([w('st.end_date', 'is', null), w('st.end_date', '>', today)]))
        .where('y.start_date', '<=', today)
        .where('y.end_date', '>=', today)
        .orderBy('s.code')
        .execute();
      const items = rows
        .map((r) => ({ id: r.id, code: r.code, course: { code: r.course_code, title: r.course_title }, school: { id: r.school_id, name: r.school_name }, periods: r.periods ?? [], students: r.students ?? 0 }))
        .sort((a, b) => (a.periods[0] ?? '~').localeCompare(b.periods[0] ?? '~') || a.code.localeCompare(b.code));
      // The grading periods of this year's terms that have begun: where marks can be entered.
      const gradingPeriods = await db
        .selectFrom('grading_period as g')
        .innerJoin('term as t', 't.id', 'g.term_id')
        .innerJoin('school_year as y', 'y.id', 't.school_year_id')
        .select(['g.id', 'g.code', 'g.name', 'g.is_final', 'g.marks_due', 'g.end_date'])
        .where('g.district_id', '=', actor.districtId)
        .where('y.start_date', '<=', today)
        .where('y.end_date', '>=', today)
        .where('g.start_date', '<=', today)
        .orderBy('g.end_date')
        .orderBy('g.code')
        .execute();
      return {
        date: today,
        items,
        gradingPeriods: gradingPeriods.map((g) => ({ id: g.id, code: g.code, name: g.name, final: g.is_final, due: g.marks_due, ends: g.end_date })),
      };
    },
  }),
];
