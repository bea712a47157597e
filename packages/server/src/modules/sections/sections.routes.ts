import { mySections } from '@homeroom/core/api/district';
import { route } from '../../http/route.ts';
import { gradingPeriodsBegun, sectionsTaughtOn } from './sections.repository.ts';

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
      const rows = await sectionsTaughtOn(db, actor.districtId, actor.staffId, today);
      const items = rows
        .map((r) => ({ id: r.id, code: r.code, course: { code: r.course_code, title: r.course_title }, school: { id: r.school_id, name: r.school_name }, periods: r.periods ?? [], students: r.students ?? 0 }))
        .sort((a, b) => (a.periods[0] ?? '~').localeCompare(b.periods[0] ?? '~') || a.code.localeCompare(b.code));
      const gradingPeriods = await gradingPeriodsBegun(db, actor.districtId, today);
      return {
        date: today,
        items,
        gradingPeriods: gradingPeriods.map((g) => ({ id: g.id, code: g.code, name: g.name, final: g.is_final, due: g.marks_due, ends: g.end_date })),
      };
    },
  }),
];
