import { addDays, CALIFORNIA_DEFAULT_CODES, weekdayLetter } from '@homeroom/core/attendance/index';
import type { Kysely } from 'kysely';
import { hashPassword } from '../auth/passwords.ts';
import type { Role } from '../auth/roles.ts';
import type { Database } from '../db/schema.ts';
import { TEST_PASSWORD } from './small-district.ts';

/** Writes a district's attendance codes (the California defaults unless told otherwise). */
export async function insertAttendanceCodes(db: Kysely<Database>, districtId: number, codes = CALIFORNIA_DEFAULT_CODES) {
  await db
    .insertInto('attendance_code')
    .values(codes.map((c) => ({ district_id: districtId, code: c.code, description: c.description, state_category: c.stateCategory, counts_as_absent: c.countsAsAbsent, is_default: c.isDefault ?? false, sort_order: c.sortOrder ?? 0 })))
    .execute();
}

/** A school calendar from `from` to `to`: weekdays are school days except the holidays named. */
export function calendarDays(districtId: number, schoolId: number, schoolYearId: number, from: string, to: string, holidays: Record<string, string> = {}) {
  const days = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const weekend = 'SU'.includes(weekdayLetter(day));
    const holiday = holidays[day];
    days.push({
      district_id: districtId,
      school_id: schoolId,
      day,
      school_year_id: schoolYearId,
      is_instructional: !weekend && holiday === undefined,
      day_type: weekend ? 'weekend' : holiday !== undefined ? 'holiday' : 'regular',
      note: holiday ?? null,
    });
  }
  return days;
}

/**
 * A small district for attendance tests, the same ten-day calendar the core's tests work by hand
 * (1–15 September 2026, Labor Day off), and Thanksgiving:
 *
 * - Lincoln High (period attendance): English (P1, Terry), Math (P2, Mo) and Art (P3, Mo); Ana and
 *   Ben in all three from the 1st, Cruz from the 8th, Dee from the 1st until she left on the 4th.
 * - Garfield Elementary (daily attendance): Kim's kindergarten homeroom, Eli and Fay.
 *
 * Users: terry, mo, kim (teachers), clerk and principal (Lincoln), admin (district). Teachers may
 * change any past day here so that the tests can use fixed dates; one test narrows the window.
 */
export async function createAttendanceDistrict(db: Kysely<Database>, code = 'ATT') {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const { id: d } = await db.insertInto('district').values({ code, name: `${code} Unified` }).returning('id').executeTakeFirstOrThrow();
  const [lincoln, garfield] = (await db
    .insertInto('school')
    .values([
      { district_id: d, code: `${code}-LHS`, name: 'Lincoln High', kind: 'high', low_grade: 9, high_grade: 12, attendance_mode: 'period' },
      { district_id: d, code: `${code}-GES`, name: 'Garfield Elementary', kind: 'elementary', low_grade: 0, high_grade: 5, attendance_mode: 'daily' },
    ])
    .returning('id')
    .execute()).map((r) => r.id) as [number, number];
  const { id: year } = await db.insertInto('school_year').values({ district_id: d, name: '2026-27', start_date: '2026-07-01', end_date: '2027-06-30', is_current: true }).returning('id').executeTakeFirstOrThrow();
  const { id: fall } = await db.insertInto('term').values({ district_id: d, school_year_id: year, code: 'S1', name: 'Fall', start_date: '2026-08-10', end_date: '2027-01-22' }).returning('id').executeTakeFirstOrThrow();
  const holidays = { '2026-09-07': 'Labor Day', '2026-11-26': 'Thanksgiving' };
  for (const school of [lincoln, garfield]) {
    await db.insertInto('calendar_day').values(calendarDays(d, school, year, '2026-09-01', '2026-09-15', holidays)).execute();
    await db.insertInto('calendar_day').values(calendarDays(d, school, year, '2026-11-23', '2026-11-27', { ...holidays, '2026-11-27': 'Thanksgiving break' })).execute();
  }
  await insertAttendanceCodes(db, d);
  await db.insertInto('attendance_rule').values({ district_id: d, teacher_edit_days: 3650 }).execute();

  const periods = (await db
    .insertInto('period')
    .values([
      { district_id: d, school_id: lincoln, code: 'P1', name: 'Period 1', sort_order: 1 },
      { district_id: d, school_id: lincoln, code: 'P2', name: 'Period 2', sort_order: 2 },
      { district_id: d, school_id: lincoln, code: 'P3', name: 'Period 3', sort_order: 3 },
      { district_id: d, school_id: garfield, code: 'HR', name: 'Homeroom', sort_order: 1 },
    ])
    .returning('id')
    .execute()).map((r) => r.id) as [number, number, number, number];
  const students = (await db
    .insertInto('student')
    .values(
      [['2001', 'Ana', 'Alvarez'], ['2002', 'Ben', 'Brooks'], ['2003', 'Cruz', 'Castillo'], ['2004', 'Dee', 'Duarte'], ['3001', 'Eli', 'Evans'], ['3002', 'Fay', 'Fong']].map(([local, first, last]) => ({
        district_id: d, local_id: `${code}${local}`, first_name: first!, last_name: last!, birth_date: '2010-01-01', gender: 'X',
      })),
    )
    .returning('id')
    .execute()).map((r) => r.id) as [number, number, number, number, number, number];
  const [ana, ben, cruz, dee, eli, fay] = students;
  const enroll = (student: number, school: number, grade: number, entry: string, exit: string | null = null) => ({
    district_id: d, student_id: student, school_id: school, school_year_id: year, grade_level: grade, entry_date: entry, entry_code: 'E1', exit_date: exit, exit_code: exit ? 'T1' : null,
  });
  await db
    .insertInto('enrollment')
    .values([enroll(ana, lincoln, 10, '2026-09-01'), enroll(ben, lincoln, 10, '2026-09-01'), enroll(cruz, lincoln, 10, '2026-09-08'), enroll(dee, lincoln, 10, '2026-09-01', '2026-09-04'), enroll(eli, garfield, 0, '2026-09-01'), enroll(fay, garfield, 0, '2026-09-01')])
    .execute();

  const staff = (await db
    .insertInto('staff')
    .values(['Terry', 'Mo', 'Kim', 'Cam', 'Pat', 'Dana'].map((first, i) => ({ district_id: d, local_id: `${code}-E${i}`, first_name: first, last_name: 'Staff' })))
    .returning('id')
    .execute()).map((r) => r.id) as [number, number, number, number, number, number];
  const [terry, mo, kim, clerk, principal, admin] = staff;
  const courses = (await db
    .insertInto('course')
    .values([
      { district_id: d, code: `${code}-ENG`, title: 'ENGLISH 10A', credits: '5' },
      { district_id: d, code: `${code}-MTH`, title: 'GEOMETRY A', credits: '5' },
      { district_id: d, code: `${code}-ART`, title: 'ART 1A', credits: '5' },
      { district_id: d, code: `${code}-K`, title: 'KINDERGARTEN', credits: '0', low_grade: 0, high_grade: 0 },
    ])
    .returning('id')
    .execute()).map((r) => r.id) as [number, number, number, number];
  const sections = (await db
    .insertInto('section')
    .values([
      { district_id: d, school_id: lincoln, school_year_id: year, course_id: courses[0], code: 'ENG10-01', capacity: 34 },
      { district_id: d, school_id: lincoln, school_year_id: year, course_id: courses[1], code: 'GEO-01', capacity: 34 },
      { district_id: d, school_id: lincoln, school_year_id: year, course_id: courses[2], code: 'ART-01', capacity: 34 },
      { district_id: d, school_id: garfield, school_year_id: year, course_id: courses[3], code: 'K-ROOM1', capacity: 24 },
    ])
    .returning('id')
    .execute()).map((r) => r.id) as [number, number, number, number];
  const [english, math, art, kinder] = sections;
  await db
    .insertInto('section_meeting')
    .values([english, math, art, kinder].map((section, i) => ({ district_id: d, section_id: section, term_id: fall, period_id: periods[i]! })))
    .execute();
  await db
    .insertInto('section_teacher')
    .values([
      { district_id: d, section_id: english, staff_id: terry, start_date: '2026-08-01' },
      { district_id: d, section_id: math, staff_id: mo, start_date: '2026-08-01' },
      { district_id: d, section_id: art, staff_id: mo, start_date: '2026-08-01' },
      { district_id: d, section_id: kinder, staff_id: kim, start_date: '2026-08-01' },
    ])
    .execute();
  const roster = [];
  for (const section of [english, math, art]) {
    roster.push(
      { district_id: d, section_id: section, student_id: ana, start_date: '2026-09-01', source: 'seed' },
      { district_id: d, section_id: section, student_id: ben, start_date: '2026-09-01', source: 'seed' },
      { district_id: d, section_id: section, student_id: cruz, start_date: '2026-09-08', source: 'seed' },
      { district_id: d, section_id: section, student_id: dee, start_date: '2026-09-01', end_date: '2026-09-04', source: 'seed' },
    );
  }
  roster.push({ district_id: d, section_id: kinder, student_id: eli, start_date: '2026-09-01', source: 'seed' }, { district_id: d, section_id: kinder, student_id: fay, start_date: '2026-09-01', source: 'seed' });
  await db.insertInto('section_roster').values(roster).execute();
  const { id: mother } = await db.insertInto('guardian').values({ district_id: d, first_name: 'Carmen', last_name: 'Castillo' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('student_guardian').values({ district_id: d, student_id: cruz, guardian_id: mother, relationship: 'mother' }).execute();

  const accounts: Array<{ username: string; role: Role; school: number | null; staff: number }> = [
    { username: 'terry', role: 'teacher', school: lincoln, staff: terry },
    { username: 'mo', role: 'teacher', school: lincoln, staff: mo },
    { username: 'kim', role: 'teacher', school: garfield, staff: kim },
    { username: 'clerk', role: 'attendance-clerk', school: lincoln, staff: clerk },
    { username: 'principal', role: 'school-admin', school: lincoln, staff: principal },
    { username: 'admin', role: 'district-admin', school: null, staff: admin },
  ];
  const users: Record<string, number> = {};
  for (const a of accounts) {
    const { id } = await db
      .insertInto('app_user')
      .values({ district_id: d, username: a.username, display_name: a.username, password_hash: passwordHash, staff_id: a.staff })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('user_role').values({ district_id: d, user_id: id, role: a.role, school_id: a.school }).execute();
    users[a.username] = id;
  }
  return {
    districtId: d,
    schools: { lincoln, garfield },
    students: { ana, ben, cruz, dee, eli, fay },
    sections: { english, math, art, kinder },
    staff: { terry, mo, kim, clerk },
    guardians: { mother },
    users,
  };
}
