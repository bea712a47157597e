import { CATALOG, PREREQUISITES, SEQUENCES } from './catalog.ts';
import { CURRENT_YEAR, districtCalendar, type SchoolYearPlan } from './calendar.ts';
import type { DistrictContext } from './context.ts';
import type { DistrictPlan, SchoolKind, SchoolPlan } from './plan.ts';
import { Rows, type IdBases } from './writer.ts';

// State categories as California reports them; P is what a teacher's roll starts from.
const ATTENDANCE_CODES: ReadonlyArray<readonly [string, string, string, boolean]> = [
  ['P', 'Present', 'present', false],
  ['T', 'Tardy', 'tardy', false],
  ['A', 'Absent, unexcused', 'unexcused', true],
  ['E', 'Absent, excused', 'excused', true],
  ['I', 'Illness', 'illness', true],
  ['M', 'Medical or dental appointment', 'medical', true],
  ['S', 'Suspension', 'suspension', true],
  ['IS', 'Independent study', 'independent-study', false],
];

/** The district-wide rows: years, terms, grading periods, schools, the catalog, codes. */
export function districtRows(districtId: number, plan: DistrictPlan): Rows {
  const d = districtId;
  const rows = new Rows();
  const calendar = districtCalendar();
  const termIndex: number[] = [];
  for (const year of calendar) {
    const y = rows.add('school_year', d, null, year.name, year.start, year.end, year.current);
    for (const term of year.terms) {
      const t = rows.add('term', d, null, y, term.code, term.name, term.start, term.end);
      termIndex.push(t);
      for (const gp of term.gradingPeriods) rows.add('grading_period', d, null, t, gp.code, gp.name, gp.start, gp.end, gp.final, gp.marksDue);
    }
  }
  for (const school of plan.schools) {
    rows.add(
      'school', d, null, school.code, school.stateCode, school.name, school.kind, school.lowGrade, school.highGrade,
      school.kind === 'elementary' ? 'daily' : 'period', `${100 + school.index * 17} ${school.name.split(' ')[0]} Avenue, Los Angeles, CA`,
      `(213) 555-0${String(100 + (school.index % 100))}`,
    );
  }
  const local = new Map(CATALOG.map((c, i) => [c.code, i]));
  for (const c of CATALOG) {
    rows.add(
      'course', d, null, c.code, c.title, c.code.startsWith('09') ? null : `${c.code.slice(0, 4)}`, c.credits, c.subject, c.ag, c.honors, c.ucHonors,
      c.lowGrade, c.highGrade, c.tags, c.language, c.termLength, c.next ? local.get(c.next)! : null, c.repeatable, c.roomType, c.department,
    );
  }
  for (const [from, to, preference] of SEQUENCES) rows.add('course_sequence', d, local.get(from)!, local.get(to)!, preference);
  for (const [course, prerequisite] of PREREQUISITES) rows.add('course_prerequisite', d, local.get(course)!, local.get(prerequisite)!, 'D-');
  ATTENDANCE_CODES.forEach(([code, description, category, absent], i) => rows.add('attendance_code', d, code, description, category, absent, code === 'P', i + 1));
  for (let cohort = 2024; cohort <= 2030; cohort++) rows.add('cohort_requirement_set', d, cohort, 'lausd-2027');
  return rows;
}

/** Absolute ids of the district rows, once written. */
export function districtContext(seed: number, districtId: number, districtCode: string, plan: DistrictPlan, bases: IdBases): DistrictContext {
  const calendar: SchoolYearPlan[] = districtCalendar();
  const base = (table: string) => bases.get(table) ?? 0;
  const yearIds = new Map<string, number>();
  const termIds = new Map<string, number>();
  const gradingPeriodIds = new Map<string, number>();
  let t = 0;
  let g = 0;
  calendar.forEach((year, y) => {
    yearIds.set(year.name, base('school_year') + y);
    for (const term of year.terms) {
      termIds.set(`${year.name}:${term.code}`, base('term') + t++);
      for (const gp of term.gradingPeriods) gradingPeriodIds.set(`${year.name}:${gp.code}`, base('grading_period') + g++);
    }
  });
  const feeders = new Map<number, SchoolPlan[]>();
  const sameKind = new Map<SchoolKind, SchoolPlan[]>();
  for (const school of plan.schools) {
    if (school.feedsInto !== null) feeders.set(school.feedsInto, [...(feeders.get(school.feedsInto) ?? []), school]);
    sameKind.set(school.kind, [...(sameKind.get(school.kind) ?? []), school]);
  }
  return {
    seed, districtId, districtCode, plan, calendar,
    schoolIds: plan.schools.map((s) => base('school') + s.index),
    yearIds, termIds, gradingPeriodIds,
    courseIds: new Map(CATALOG.map((c, i) => [c.code, base('course') + i])),
    feeders, sameKind,
  };
}

export { CURRENT_YEAR };
