import type { AttendanceCodeTable } from './codes.ts';

export type DailyStatus = 'present' | 'absent' | 'partial';

/** How a district turns period attendance into a day. */
export interface DailyRollUpRules {
  /**
   * A student absent this many periods or more is absent for the day. null: only a student absent
   * every period scheduled that day is (the usual rule).
   */
  fullDayAbsentPeriods: number | null;
}

export const DEFAULT_ROLL_UP_RULES: DailyRollUpRules = { fullDayAbsentPeriods: null };

export interface DailyAttendance {
  status: DailyStatus;
  /** The absence code of the day (the most frequent one among the absent periods), null when present. */
  code: string | null;
  periodsAbsent: number;
  periodsScheduled: number;
}

/**
 * The day of one student from the codes of the periods they were scheduled in, in period order.
 * A period nobody marked is present. A tardy is present. Absent every scheduled period — or as many
 * as the district's rule says — is a full-day absence; absent some is partial, which still counts as
 * a day of attendance.
 */
export function rollUpDay(periodCodes: readonly string[], codes: AttendanceCodeTable, rules: DailyRollUpRules = DEFAULT_ROLL_UP_RULES): DailyAttendance {
  const absentCodes = periodCodes.filter((code) => codes.isAbsent(code));
  const periodsScheduled = periodCodes.length;
  const periodsAbsent = absentCodes.length;
  const fullDay =
    periodsAbsent > 0 && (periodsAbsent === periodsScheduled || (rules.fullDayAbsentPeriods !== null && periodsAbsent >= rules.fullDayAbsentPeriods));
  const status: DailyStatus = fullDay ? 'absent' : periodsAbsent > 0 ? 'partial' : 'present';
  return { status, code: mostFrequent(absentCodes), periodsAbsent, periodsScheduled };
}

/** A day taken directly (an elementary homeroom): the one code is the day. */
export function dayFromCode(code: string, codes: AttendanceCodeTable): DailyAttendance {
  const absent = codes.isAbsent(code);
  return { status: absent ? 'absent' : 'present', code: absent ? code : null, periodsAbsent: absent ? 1 : 0, periodsScheduled: 1 };
}

/** Whether a day counts as a day of attendance for ADA: present or partly present. */
export function attended(status: DailyStatus): boolean {
  return status !== 'absent';
}

function mostFrequent(values: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: string | null = null;
  let bestCount = 0;
  // Ties go to the earliest period's code: Map keeps first-seen order.
  for (const [value, count] of counts) {
    if (count > bestCount) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}
