import { describe, expect, it } from 'vitest';
import { averageDailyAttendance, ratioValue, reportingPeriodDates } from './ada.ts';
import { addDays, isIsoDate, weekdayLetter } from './calendar.ts';
import { chronicAbsence } from './chronic.ts';
import { AttendanceCodeTable, CALIFORNIA_DEFAULT_CODES } from './codes.ts';
import { dayFromCode, rollUpDay } from './daily.ts';

const codes = new AttendanceCodeTable(CALIFORNIA_DEFAULT_CODES);

describe('attendance codes', () => {
  it('says which codes are absences: tardy and independent study are not', () => {
    expect(['P', 'T', 'A', 'E', 'I', 'M', 'S', 'IS'].map((c) => codes.isAbsent(c))).toEqual([false, false, true, true, true, true, true, false]);
    expect(codes.presentCode).toBe('P');
    expect(codes.excusedCode).toBe('E');
  });

  it('lets a note from home excuse only an uncleared absence', () => {
    expect(codes.excuse('A')).toBe('E');
    expect(['P', 'T', 'E', 'I', 'S'].map((c) => codes.excuse(c))).toEqual(['P', 'T', 'E', 'I', 'S']);
    expect(codes.isExcusedAbsence('I')).toBe(true);
    expect(codes.isExcusedAbsence('A')).toBe(false);
  });

  it('refuses a table with a code twice, or a code it does not know', () => {
    expect(() => new AttendanceCodeTable([...CALIFORNIA_DEFAULT_CODES, CALIFORNIA_DEFAULT_CODES[0]!])).toThrow(/unique/);
    expect(() => codes.isAbsent('ZZ')).toThrow(/unknown/);
  });
});

describe('the daily roll-up', () => {
  it('makes absent every scheduled period a full-day absence and some a partial day', () => {
    expect(rollUpDay(['A', 'A', 'A', 'A', 'A', 'A'], codes)).toEqual({ status: 'absent', code: 'A', periodsAbsent: 6, periodsScheduled: 6 });
    expect(rollUpDay(['P', 'A', 'A', 'P', 'P', 'P'], codes)).toEqual({ status: 'partial', code: 'A', periodsAbsent: 2, periodsScheduled: 6 });
    expect(rollUpDay(['M', 'M', 'P', 'P', 'P', 'P'], codes).code).toBe('M');
  });

  it('counts a tardy as present', () => {
    expect(rollUpDay(['T', 'P', 'P', 'P', 'P', 'P'], codes)).toEqual({ status: 'present', code: null, periodsAbsent: 0, periodsScheduled: 6 });
  });

  it('applies a district rule "absent four periods or more is a full day"', () => {
    const rules = { fullDayAbsentPeriods: 4 };
    expect(rollUpDay(['A', 'A', 'A', 'P', 'P', 'P'], codes, rules).status).toBe('partial');
    expect(rollUpDay(['I', 'I', 'A', 'A', 'P', 'P'], codes, rules)).toEqual({ status: 'absent', code: 'I', periodsAbsent: 4, periodsScheduled: 6 });
  });

  it('takes an elementary day from its one code', () => {
    expect(dayFromCode('I', codes)).toEqual({ status: 'absent', code: 'I', periodsAbsent: 1, periodsScheduled: 1 });
    expect(dayFromCode('T', codes).status).toBe('present');
  });
});

describe('dates', () => {
  it('knows real dates, weekdays and the day after', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(weekdayLetter('2026-09-01')).toBe('T');
    expect(weekdayLetter('2026-09-03')).toBe('R');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

// A ten-day calendar, worked by hand: Tuesday 1 September to Tuesday 15 September 2026, Labor
// Day (Monday 7 September) and the weekends off.
//
//   day        1  2  3  4 | 8  9 10 11 | 14 15     days enrolled  full-day absences  attended
//   Ana        .  A  .  . | .  .  .  . |  .  .          10               1              9
//   Ben        .  .  .  . | .  .  .  . |  .  .          10               0             10
//   Cruz       (enters 8) | .  .  .  . |  A  .           6               1              5
//   Dee        .  .  .  (exits 4)                        3               0              3
//   (Cruz's absence on the 3rd, before he enrolled, and an absence on Labor Day do not count.)
//
// Days taught 10; days of attendance 9 + 10 + 5 + 3 = 27; ADA 27 / 10 = 2.7.
// Chronic: Ana 1/10 = 10% yes; Ben no; Cruz 1/6 yes; Dee 0/3 no — 2 of 4.
const CALENDAR = ['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04', '2026-09-08', '2026-09-09', '2026-09-10', '2026-09-11', '2026-09-14', '2026-09-15'];
const [ANA, BEN, CRUZ, DEE] = [1, 2, 3, 4];
const ENROLLMENTS = [
  { studentId: ANA, start: '2026-09-01', end: null },
  { studentId: BEN, start: '2026-09-01', end: null },
  { studentId: CRUZ, start: '2026-09-08', end: null },
  { studentId: DEE, start: '2026-09-01', end: '2026-09-04' },
];
const ABSENCES = [
  { studentId: ANA, day: '2026-09-02' },
  { studentId: CRUZ, day: '2026-09-03' },
  { studentId: CRUZ, day: '2026-09-14' },
  { studentId: BEN, day: '2026-09-07' },
];

describe('average daily attendance', () => {
  it('divides the days of attendance of all students by the days school was taught', () => {
    const result = averageDailyAttendance({ instructionalDays: CALENDAR, enrollments: ENROLLMENTS, absences: ABSENCES });
    expect(result).toEqual({ daysTaught: 10, daysEnrolled: 29, daysOfAttendance: 27, ada: { numerator: 27, denominator: 10 } });
    expect(ratioValue(result.ada)).toBe(2.7);
  });

  it('counts a student who transferred out and back in once per day', () => {
    const result = averageDailyAttendance({
      instructionalDays: CALENDAR,
      enrollments: [
        { studentId: ANA, start: '2026-09-01', end: '2026-09-08' },
        { studentId: ANA, start: '2026-09-10', end: null },
      ],
      absences: [],
    });
    // 1, 2, 3, 4 and 10, 11, 14, 15: 8 days.
    expect(result.daysOfAttendance).toBe(8);
  });

  it('has no ADA before school was taught', () => {
    expect(ratioValue(averageDailyAttendance({ instructionalDays: [], enrollments: ENROLLMENTS, absences: [] }).ada)).toBeNull();
  });

  it('knows the reporting periods P-1 and P-2', () => {
    expect(reportingPeriodDates('P1', 2026)).toEqual({ from: '2026-07-01', to: '2026-12-31' });
    expect(reportingPeriodDates('P2', 2026)).toEqual({ from: '2026-07-01', to: '2027-04-15' });
  });
});

describe('chronic absence', () => {
  it('flags students absent on 10% or more of the days they were enrolled', () => {
    const result = chronicAbsence({ instructionalDays: CALENDAR, enrollments: ENROLLMENTS, absences: ABSENCES });
    expect(result.students.map((s) => [s.studentId, s.daysEnrolled, s.daysAbsent, s.chronic])).toEqual([
      [ANA, 10, 1, true],
      [BEN, 10, 0, false],
      [CRUZ, 6, 1, true],
      [DEE, 3, 0, false],
    ]);
    expect(result.rate).toEqual({ numerator: 2, denominator: 4 });
  });

  it('leaves out students enrolled fewer days than the minimum', () => {
    const result = chronicAbsence({ instructionalDays: CALENDAR, enrollments: ENROLLMENTS, absences: ABSENCES }, { minimumDaysEnrolled: 5 });
    expect(result.studentsCounted).toBe(3);
    expect(result.rate).toEqual({ numerator: 2, denominator: 3 });
  });
});
