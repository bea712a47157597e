import type { DistrictContext } from './context.ts';
import type { CalendarDay } from './calendar.ts';
import { Random } from './random.ts';
import type { Rows } from './writer.ts';
import type { Student } from './students.ts';

/**
 * The synthetic district is a district as of late November 2026 (its progress marks, its fall
 * transfers): its attendance runs through this Friday, whatever day the seed is run, so the same
 * seed always gives the same district.
 */
export const ATTENDANCE_THROUGH = '2026-11-20';

const ABSENCE_CODES = [['I', 30], ['A', 35], ['E', 25], ['M', 10]] as const;

/**
 * Full-day absences from the student's first day through ATTENDANCE_THROUGH, entered by the office
 * (not derived from class meetings): without them every ADA figure read 100% and no student was
 * chronically absent. Each student has their own rate: most are rarely absent, a long tail often
 * (about one in six at 10% or more of their days, near California's recent chronic-absence rate).
 * Its own random stream, so the rest of the district is the same with or without it.
 */
export function addAttendanceHistory(ctx: DistrictContext, schoolId: number, student: Student, days: readonly CalendarDay[], rows: Rows): number {
  const random = new Random(ctx.seed, 0xa77e, student.number);
  const rate = Math.min(0.6, Math.exp(Math.log(0.035) + 1.0 * random.normal(0, 1)));
  let count = 0;
  for (const day of days) {
    if (!day.instructional || day.day < student.entryDate || day.day > ATTENDANCE_THROUGH) continue;
    if (!random.chance(rate)) continue;
    rows.add('daily_attendance', ctx.districtId, student.id, day.day, schoolId, 'absent', random.weighted(ABSENCE_CODES), 0, 0, false);
    count++;
  }
  return count;
}
