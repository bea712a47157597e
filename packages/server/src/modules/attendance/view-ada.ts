import { averageDailyAttendance, ratioValue, reportingPeriodDates } from '@homeroom/core/attendance/index';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, Problem } from '../../http/problem.ts';
import { currentSchoolYearDates, enrollmentSpans, findSchool, fullDayAbsences, instructionalDays } from './attendance-figures.repository.ts';
import { ATTENDANCE_OFFICE, servesSchool } from '../../auth/access.ts';

export const viewAdaInput = z
  .strictObject({
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    period: z.enum(['P1', 'P2', 'annual']).optional(),
    /** The school year as transcripts write it, '2026-27', or the year it starts. */
    year: z.string().regex(/^\d{4}(-\d{2})?$/, 'a school year such as 2026-27').optional(),
    asOf: z.iso.date().optional(),
  })
  .refine(
    (q) =>
      (q.from !== undefined && q.to !== undefined && q.period === undefined && q.year === undefined) ||
      (q.from === undefined && q.to === undefined && q.period !== undefined && q.year !== undefined) ||
      (q.from === undefined && q.to === undefined && q.period === undefined && q.year === undefined),
    { message: 'give either from and to, or period (P1, P2 or annual) and year, or neither for this school year so far' },
  );

/**
 * A school's average daily attendance for a date range or a reporting period (P-1, P-2), counting
 * only days school was taught up to today (or `asOf`): days of attendance ÷ days taught.
 */
export async function viewAda(db: Kysely<Database>, actor: Actor, schoolId: number, input: z.output<typeof viewAdaInput>) {
  return db.transaction().execute(async (trx) => {
    const school = await findSchool(trx, actor.districtId, schoolId);
    if (!school || !servesSchool(actor, school.id, ATTENDANCE_OFFICE)) throw notFound('This school');
    let range: { from: string; to: string };
    if (input.period) range = reportingPeriodDates(input.period, Number(input.year!.slice(0, 4)));
    else if (input.from && input.to) range = { from: input.from, to: input.to };
    else {
      const year = await currentSchoolYearDates(trx, actor.districtId);
      if (!year) throw notFound('The current school year');
      range = { from: year.start_date, to: year.end_date };
    }
    const { from, to } = range;
    if (from > to) throw new Problem(400, 'validation-failed', 'The dates are the wrong way round', `from ${from} is after to ${to}.`);
    const asOf = input.asOf ?? actor.today;
    const through = asOf < to ? asOf : to;
    const days = await instructionalDays(trx, actor.districtId, school.id, from, through);
    const [enrollments, absences] = [await enrollmentSpans(trx, actor.districtId, school.id, from, through), await fullDayAbsences(trx, actor.districtId, school.id, from, through)];
    const figures = averageDailyAttendance({ instructionalDays: days, enrollments, absences });
    return {
      school: { id: school.id, name: school.name },
      period: input.period ?? null,
      from,
      to,
      through,
      daysTaught: figures.daysTaught,
      daysEnrolled: figures.daysEnrolled,
      daysOfAttendance: figures.daysOfAttendance,
      ada: { numerator: figures.ada.numerator, denominator: figures.ada.denominator, value: ratioValue(figures.ada) },
      attendanceRate: { numerator: figures.daysOfAttendance, denominator: figures.daysEnrolled, percent: ratioValue({ numerator: 100 * figures.daysOfAttendance, denominator: figures.daysEnrolled }, 1) },
    };
  });
}
