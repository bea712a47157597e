/**
 * The district calendar: school years 2023-24 to 2026-27 (the current one) and 2027-28 (next
 * year, which course requests are for), their semesters and summer school, grading periods and
 * the instructional days. Fixed dates, never the clock, so that the district is the same whenever
 * it is generated.
 */
export const CURRENT_YEAR = '2026-27';
export const NEXT_YEAR = '2027-28';
export const YEAR_NAMES = ['2023-24', '2024-25', '2025-26', '2026-27', '2027-28'] as const;
export const HISTORY_YEARS = ['2023-24', '2024-25', '2025-26'] as const;

export interface CalendarDay {
  day: string;
  instructional: boolean;
  type: 'regular' | 'minimum' | 'holiday' | 'pupil-free' | 'weekend' | 'break';
  note: string | null;
}

export interface GradingPeriodPlan {
  code: string;
  name: string;
  start: string;
  end: string;
  final: boolean;
  marksDue: string;
}

export interface TermPlan {
  code: 'S1' | 'S2' | 'SU';
  name: string;
  start: string;
  end: string;
  gradingPeriods: GradingPeriodPlan[];
}

export interface SchoolYearPlan {
  name: string;
  start: string;
  end: string;
  current: boolean;
  terms: TermPlan[];
  days: CalendarDay[];
}

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const weekday = (t: number) => new Date(t).getUTCDay();

function nthWeekday(year: number, month: number, dow: number, n: number): number {
  let t = utc(year, month, 1);
  while (weekday(t) !== dow) t += DAY;
  return t + (n - 1) * 7 * DAY;
}

function lastWeekday(year: number, month: number, dow: number): number {
  let t = utc(year, month + 1, 1) - DAY;
  while (weekday(t) !== dow) t -= DAY;
  return t;
}

function mondayOnOrAfter(t: number): number {
  while (weekday(t) !== 1) t += DAY;
  return t;
}

export function buildSchoolYear(name: string): SchoolYearPlan {
  const y = Number(name.slice(0, 4));
  const start = mondayOnOrAfter(utc(y, 8, 12));
  const thanksgiving = nthWeekday(y, 11, 4, 4);
  const winterStart = mondayOnOrAfter(utc(y, 12, 16));
  const winterEnd = winterStart + 20 * DAY;
  const springStart = mondayOnOrAfter(utc(y + 1, 3, 23));
  const closed = new Map<number, [CalendarDay['type'], string]>();
  const holiday = (t: number, note: string) => closed.set(t, ['holiday', note]);
  holiday(nthWeekday(y, 9, 1, 1), 'Labor Day');
  const veterans = utc(y, 11, 11);
  holiday(weekday(veterans) === 6 ? veterans - DAY : weekday(veterans) === 0 ? veterans + DAY : veterans, 'Veterans Day');
  for (let t = thanksgiving - 3 * DAY; t <= thanksgiving + DAY; t += DAY) closed.set(t, ['break', 'Thanksgiving break']);
  for (let t = winterStart; t <= winterEnd; t += DAY) closed.set(t, ['break', 'Winter break']);
  holiday(nthWeekday(y + 1, 1, 1, 3), 'Martin Luther King Jr. Day');
  holiday(nthWeekday(y + 1, 2, 1, 3), "Presidents' Day");
  for (let t = springStart; t < springStart + 5 * DAY; t += DAY) closed.set(t, ['break', 'Spring break']);
  holiday(lastWeekday(y + 1, 5, 1), 'Memorial Day');
  closed.set(start - 3 * DAY, ['pupil-free', 'Staff development day']);

  // The year ends on its 180th instructional day; the first semester ends before winter break.
  const days: CalendarDay[] = [];
  let instructional = 0;
  let s1End = 0;
  let s2Start = 0;
  let t = start - 3 * DAY;
  for (; instructional < 180; t += DAY) {
    const dow = weekday(t);
    const shut = closed.get(t);
    if (dow === 0 || dow === 6) days.push({ day: iso(t), instructional: false, type: 'weekend', note: null });
    else if (shut) days.push({ day: iso(t), instructional: false, type: shut[0], note: shut[1] });
    else {
      instructional++;
      // Fridays before a break and the last day are minimum days.
      const minimum = closed.has(t + 3 * DAY) && dow === 5;
      days.push({ day: iso(t), instructional: true, type: minimum ? 'minimum' : 'regular', note: null });
      if (t < winterStart) s1End = t;
      else if (!s2Start) s2Start = t;
    }
  }
  const end = t - DAY;
  const s1 = days.filter((d) => d.instructional && d.day <= iso(s1End));
  const s2 = days.filter((d) => d.instructional && d.day >= iso(s2Start));
  const summerStart = mondayOnOrAfter(end + 10 * DAY);
  const summerEnd = summerStart + 32 * DAY;
  return {
    name,
    start: iso(start),
    end: iso(end),
    current: name === CURRENT_YEAR,
    terms: [
      { code: 'S1', name: 'Fall semester', start: iso(start), end: iso(s1End), gradingPeriods: gradingPeriods('S1', s1) },
      { code: 'S2', name: 'Spring semester', start: iso(s2Start), end: iso(end), gradingPeriods: gradingPeriods('S2', s2) },
      {
        code: 'SU', name: 'Summer school', start: iso(summerStart), end: iso(summerEnd),
        gradingPeriods: [{ code: 'SU', name: 'Summer final', start: iso(summerStart), end: iso(summerEnd), final: true, marksDue: iso(summerEnd + 5 * DAY) }],
      },
    ],
    days,
  };
}

// Four marking periods a semester, of equal instructional days: three progress reports, then the
// final mark that goes to the transcript.
function gradingPeriods(term: 'S1' | 'S2', days: CalendarDay[]): GradingPeriodPlan[] {
  const plans: GradingPeriodPlan[] = [];
  for (let i = 0; i < 4; i++) {
    const first = days[Math.floor((i * days.length) / 4)]!;
    const last = days[Math.floor(((i + 1) * days.length) / 4) - 1]!;
    const due = iso(Date.parse(`${last.day}T00:00:00Z`) + (i === 3 ? 4 : 7) * DAY);
    plans.push({
      code: `${term}-${i + 1}`,
      name: i === 3 ? `${term === 'S1' ? 'Fall' : 'Spring'} semester final` : `${term === 'S1' ? 'Fall' : 'Spring'} progress report ${i + 1}`,
      start: first.day,
      end: last.day,
      final: i === 3,
      marksDue: due,
    });
  }
  return plans;
}

let cached: SchoolYearPlan[] | null = null;
export function districtCalendar(): SchoolYearPlan[] {
  cached ??= YEAR_NAMES.map(buildSchoolYear);
  return cached;
}

/** '2026-27' → 3 years back is '2023-24'. */
export function yearBefore(name: string, years: number): string {
  const y = Number(name.slice(0, 4)) - years;
  return `${y}-${String((y + 1) % 100).padStart(2, '0')}`;
}
