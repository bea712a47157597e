import { within, type DateInterval, type IsoDate } from './calendar.ts';

/** California's apportionment reporting periods (Education Code 41601). */
export type ReportingPeriod = 'P1' | 'P2' | 'annual';

/**
 * The dates of a reporting period of a fiscal year that starts July 1 of `startYear`: P-1 runs
 * July 1 to December 31, P-2 July 1 to April 15, the annual report July 1 to June 30.
 */
export function reportingPeriodDates(period: ReportingPeriod, startYear: number): { from: IsoDate; to: IsoDate } {
  const from = `${startYear}-07-01`;
  switch (period) {
    case 'P1':
      return { from, to: `${startYear}-12-31` };
    case 'P2':
      return { from, to: `${startYear + 1}-04-15` };
    case 'annual':
      return { from, to: `${startYear + 1}-06-30` };
  }
}

/** A student's enrollment at the school: entry date up to, not including, the exit date. */
export interface EnrollmentSpan extends DateInterval {
  studentId: number;
}

/** A full-day absence (daily status 'absent') of a student. */
export interface FullDayAbsence {
  studentId: number;
  day: IsoDate;
}

/** An exact ratio: shown rounded only at the edge. */
export interface Ratio {
  numerator: number;
  denominator: number;
}

export interface AverageDailyAttendance {
  /** Instructional days in the period: the days school was taught. */
  daysTaught: number;
  /** Days each student was enrolled on a day school was taught, summed over students. */
  daysEnrolled: number;
  /** Enrolled days that were not full-day absences, summed over students. */
  daysOfAttendance: number;
  /** daysOfAttendance ÷ daysTaught. */
  ada: Ratio;
}

/**
 * ADA per Education Code 41601: the total days of attendance of all students divided by the
 * number of days school was taught in the period. A student counts on a day they were enrolled,
 * school was taught, and they were not absent all day; a partial day counts as attended.
 * `instructionalDays` are the days taught (already limited to the period and to days that have
 * happened); absences outside enrollment or on other days are ignored.
 */
export function averageDailyAttendance(input: { instructionalDays: readonly IsoDate[]; enrollments: readonly EnrollmentSpan[]; absences: readonly FullDayAbsence[] }): AverageDailyAttendance {
  const enrolled = enrolledDaysByStudent(input.instructionalDays, input.enrollments);
  let daysEnrolled = 0;
  let daysOfAttendance = 0;
  const absent = absentDaysByStudent(input.absences);
  for (const [studentId, days] of enrolled) {
    const absences = absent.get(studentId);
    let missed = 0;
    if (absences) for (const day of absences) if (days.has(day)) missed += 1;
    daysEnrolled += days.size;
    daysOfAttendance += days.size - missed;
  }
  const daysTaught = new Set(input.instructionalDays).size;
  return { daysTaught, daysEnrolled, daysOfAttendance, ada: { numerator: daysOfAttendance, denominator: daysTaught } };
}

export function ratioValue(ratio: Ratio, digits = 2): number | null {
  if (ratio.denominator === 0) return null;
  const f = 10 ** digits;
  return Math.round((ratio.numerator / ratio.denominator) * f) / f;
}

/** For each student, the instructional days they were enrolled (over all their spans). */
export function enrolledDaysByStudent(instructionalDays: readonly IsoDate[], enrollments: readonly EnrollmentSpan[]): Map<number, Set<IsoDate>> {
  const result = new Map<number, Set<IsoDate>>();
  for (const span of enrollments) {
    let days = result.get(span.studentId);
    if (!days) result.set(span.studentId, (days = new Set()));
    for (const day of instructionalDays) if (within(day, span)) days.add(day);
  }
  return result;
}

function absentDaysByStudent(absences: readonly FullDayAbsence[]): Map<number, Set<IsoDate>> {
  const result = new Map<number, Set<IsoDate>>();
  for (const absence of absences) {
    let days = result.get(absence.studentId);
    if (!days) result.set(absence.studentId, (days = new Set()));
    days.add(absence.day);
  }
  return result;
}
