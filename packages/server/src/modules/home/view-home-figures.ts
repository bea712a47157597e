import type { HomeFigures } from '@homeroom/core/api/home';
import { addDays, ratioValue, weekdayLetter } from '@homeroom/core/attendance/index';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { requireSchool } from '../../auth/access.ts';
import { schoolsWhere, type Actor, type Role } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, Problem } from '../../http/problem.ts';
import { schoolYearByName } from '../district/district.repository.ts';
import { openTicketsByPriority } from '../help-desk/help-desk.repository.ts';
import { firstSchoolDayFrom, incompleteSchedulesBySchool, type SchoolScope } from '../readiness/readiness.repository.ts';
import { attendanceByDay, seniorAuditCounts, seniorsAtRiskByRequirement, unresolvedAlertsByRule } from './home-figures.repository.ts';

export const HOME_FIGURE_VIEWERS: readonly Role[] = ['district-admin', 'school-admin'];

export const homeFiguresQuery = z.strictObject({ school: z.coerce.number().int().positive().optional() });

/**
 * The figures behind the administrators' home charts: attendance rate by school day this year,
 * students without a complete schedule by school, seniors at risk by missing requirement, open
 * alerts and help-desk tickets. A district administrator's are the district's (or one school's);
 * a school administrator's their schools' (or one of them); another school is not found.
 * Counts only, naming no student: not an audited read.
 */
export async function viewHomeFigures(db: Kysely<Database>, actor: Actor, input: z.output<typeof homeFiguresQuery>): Promise<HomeFigures> {
  return db.transaction().execute(async (trx) => {
    const mine = schoolsWhere(actor, ...HOME_FIGURE_VIEWERS);
    if (mine !== 'all' && mine.length === 0) throw notFound('The home figures');
    const one = input.school ?? (mine !== 'all' && mine.length === 1 ? mine[0] : undefined);
    const found = one === undefined ? null : await requireSchool(trx, actor, one, HOME_FIGURE_VIEWERS);
    const school = found ? { id: found.id, name: found.name } : null;
    const scope: SchoolScope = found ? [found.id] : mine;
    const d = actor.districtId;

    // The day in progress is left out: its absences are still being entered, so its rate would read high.
    // A district between years (no current one) has no line to draw, not an error.
    const year = await schoolYearByName(trx, d, undefined, 'current').catch((error: unknown) => {
      if (error instanceof Problem && error.status === 404) return null;
      throw error;
    });
    const yesterday = addDays(actor.today, -1);
    const through = year && year.end_date < yesterday ? year.end_date : yesterday;
    const days = year && year.start_date <= through ? await attendanceByDay(trx, d, year.id, year.start_date, through, scope) : [];

    // The school day the readiness report judges by default: today, or the next one.
    const day = await firstSchoolDayFrom(trx, d, actor.today);
    const incomplete = day ? await incompleteSchedulesBySchool(trx, d, day, weekdayLetter(day), scope) : [];

    const seniors = await seniorAuditCounts(trx, d, actor.today, scope);
    const byRequirement = await seniorsAtRiskByRequirement(trx, d, actor.today, scope);
    const alerts = await unresolvedAlertsByRule(trx, d, scope);
    const tickets = await openTicketsByPriority(trx, d, scope === 'all' ? 'all' : [...scope]);
    const priority = (p: string) => tickets.find((t) => t.priority === p)?.count ?? 0;

    return {
      school,
      attendance: {
        schoolYear: year?.name ?? null,
        days: days.map((r) => {
          const present = Math.max(0, r.expected - r.absent);
          return { date: r.day, expected: r.expected, present, rate: ratioValue({ numerator: 100 * present, denominator: r.expected }, 1) };
        }),
      },
      incompleteSchedules: {
        day,
        total: incomplete.reduce((n, r) => n + r.students, 0),
        bySchool: incomplete.map((r) => ({ schoolId: r.school_id, school: r.school, students: r.students })),
      },
      seniorsAtRisk: {
        auditedSince: seniors.audited_since ? new Date(seniors.audited_since).toISOString() : null,
        seniors: seniors.seniors,
        audited: seniors.audited,
        atRisk: seniors.at_risk,
        byRequirement,
      },
      alerts: {
        total: alerts.reduce((n, r) => n + r.open + r.acknowledged, 0),
        byRule: alerts.map((r) => ({ rule: r.rule as HomeFigures['alerts']['byRule'][number]['rule'], open: r.open, acknowledged: r.acknowledged })),
      },
      tickets: {
        total: tickets.reduce((n, t) => n + t.count, 0),
        byPriority: { urgent: priority('urgent'), high: priority('high'), normal: priority('normal'), low: priority('low') },
      },
    };
  });
}
