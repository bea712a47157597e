import { CALIFORNIA_DEFAULT_CODES } from '@homeroom/core/attendance/index';
import type { Insertable, Kysely } from 'kysely';
import { hashPassword } from '../auth/passwords.ts';
import type { Role } from '../auth/roles.ts';
import type { Database, StudentTable } from '../db/schema.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

/** The small district's week of school, Monday to Friday: its calendar has no other school days. */
export const SCHOOL_WEEK = ['2026-08-17', '2026-08-18', '2026-08-19', '2026-08-20', '2026-08-21'];

/**
 * A hand-made district small enough to reason about in a test: two high schools; a teacher with
 * one section and two of its students; a counselor with a caseload of one; a guardian of one
 * student and another whose access a court order restricts; a transfer student; a user of every
 * role. Every name is invented.
 */
export async function createSmallDistrict(db: Kysely<Database>, code = 'SMALL') {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const { id: d } = await db.insertInto('district').values({ code, name: `${code} Unified` }).returning('id').executeTakeFirstOrThrow();
  const [north, south] = await db
    .insertInto('school')
    .values([
      { district_id: d, code: `${code}-N`, name: 'North High', kind: 'high', low_grade: 9, high_grade: 12 },
      { district_id: d, code: `${code}-S`, name: 'South High', kind: 'high', low_grade: 9, high_grade: 12 },
    ])
    .returning('id')
    .execute();
  const { id: year } = await db
    .insertInto('school_year')
    .values({ district_id: d, name: '2026-27', start_date: '2026-08-01', end_date: '2027-07-31', is_current: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { id: nextYear } = await db.insertInto('school_year').values({ district_id: d, name: '2027-28', start_date: '2027-08-01', end_date: '2028-07-31' }).returning('id').executeTakeFirstOrThrow();
  const { id: s1 } = await db.insertInto('term').values({ district_id: d, school_year_id: year, code: 'S1', name: 'Fall', start_date: '2026-08-10', end_date: '2027-01-22' }).returning('id').executeTakeFirstOrThrow();
  const gradingPeriods = await db
    .insertInto('grading_period')
    .values([
      { district_id: d, term_id: s1, code: 'S1-P1', name: 'Fall progress report', start_date: '2026-08-10', end_date: '2026-10-09', marks_due: '2026-10-14' },
      { district_id: d, term_id: s1, code: 'S1-F', name: 'Fall final', start_date: '2026-08-10', end_date: '2027-01-22', is_final: true, marks_due: '2027-01-27' },
    ])
    .returning('id')
    .execute();
  const { id: p1 } = await db.insertInto('period').values({ district_id: d, school_id: north!.id, code: 'P1', name: 'Period 1', sort_order: 1 }).returning('id').executeTakeFirstOrThrow();

  const student = (localId: string, first: string, last: string, extra: Partial<Insertable<StudentTable>> = {}): Insertable<StudentTable> => ({
    district_id: d, local_id: localId, state_id: `9${localId}`, first_name: first, last_name: last, birth_date: '2010-05-01', gender: 'X', cohort: 2028, ...extra,
  });
  const students = await db
    .insertInto('student')
    .values([
      student('1001', 'Avery', 'Stone', { iep: true }),
      student('1002', 'Blake', 'Rivers'),
      student('1003', 'Casey', 'Meadows', { directory_opt_out: true }),
      student('1004', 'Devon', 'Hart'),
    ])
    .returning('id')
    .execute();
  const [avery, blake, casey, devon] = students.map((s) => s.id) as [number, number, number, number];
  await db
    .insertInto('enrollment')
    .values([
      { district_id: d, student_id: avery, school_id: north!.id, school_year_id: year, grade_level: 10, entry_date: '2026-08-10', entry_code: 'E1' },
      { district_id: d, student_id: blake, school_id: north!.id, school_year_id: year, grade_level: 11, entry_date: '2026-08-10', entry_code: 'E1' },
      { district_id: d, student_id: casey, school_id: north!.id, school_year_id: year, grade_level: 12, entry_date: '2026-08-10', entry_code: 'E1' },
      // Devon transferred from North to South: one student record, two enrollments.
      { district_id: d, student_id: devon, school_id: north!.id, school_year_id: year, grade_level: 9, entry_date: '2026-08-10', entry_code: 'E1', exit_date: '2026-09-15', exit_code: 'T1' },
      { district_id: d, student_id: devon, school_id: south!.id, school_year_id: year, grade_level: 9, entry_date: '2026-09-16', entry_code: 'E2' },
    ])
    .execute();

  const staff = await db
    .insertInto('staff')
    .values([
      { district_id: d, local_id: 'E100', first_name: 'Terry', last_name: 'Teach' },
      { district_id: d, local_id: 'E200', first_name: 'Cory', last_name: 'Counsel' },
      { district_id: d, local_id: 'E300', first_name: 'Pat', last_name: 'Principal' },
      { district_id: d, local_id: 'E400', first_name: 'Cam', last_name: 'Clerk' },
      { district_id: d, local_id: 'E500', first_name: 'Hal', last_name: 'Helpdesk' },
      { district_id: d, local_id: 'E600', first_name: 'Dana', last_name: 'Admin' },
      { district_id: d, local_id: 'E700', first_name: 'Sol', last_name: 'South' },
    ])
    .returning('id')
    .execute();
  const [teacher, counselor, principal, clerk, helpdesk, admin, southPrincipal] = staff.map((s) => s.id) as number[];
  const { id: course } = await db.insertInto('course').values({ district_id: d, code: '230201', title: 'ENGLISH 10A', credits: '5', subject: 'english', ag_area: 'b' }).returning('id').executeTakeFirstOrThrow();
  const { id: section } = await db.insertInto('section').values({ district_id: d, school_id: north!.id, school_year_id: year, course_id: course, code: 'ENG10-01', capacity: 34 }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('section_meeting').values({ district_id: d, section_id: section, term_id: s1, period_id: p1 }).execute();
  await db.insertInto('section_teacher').values({ district_id: d, section_id: section, staff_id: teacher!, start_date: '2026-08-01' }).execute();
  await db
    .insertInto('section_roster')
    .values([
      { district_id: d, section_id: section, student_id: avery, start_date: '2026-08-10', source: 'seed' },
      { district_id: d, section_id: section, student_id: blake, start_date: '2026-08-10', source: 'seed' },
      // Casey left the section: the teacher no longer serves her.
      { district_id: d, section_id: section, student_id: casey, start_date: '2026-08-10', end_date: '2026-09-01', source: 'seed' },
    ])
    .execute();
  // Two sections the teacher does not teach, one at each school, and a week of school in August
  // with the district's attendance codes: the attendance routes' places in the authorization matrix.
  const { id: southPeriod } = await db.insertInto('period').values({ district_id: d, school_id: south!.id, code: 'P1', name: 'Period 1', sort_order: 1 }).returning('id').executeTakeFirstOrThrow();
  const [northOther, southSection] = (await db
    .insertInto('section')
    .values([
      { district_id: d, school_id: north!.id, school_year_id: year, course_id: course, code: 'ENG10-02', capacity: 34 },
      { district_id: d, school_id: south!.id, school_year_id: year, course_id: course, code: 'ENG10-01', capacity: 34 },
    ])
    .returning('id')
    .execute()).map((r) => r.id) as [number, number];
  await db
    .insertInto('section_meeting')
    .values([
      { district_id: d, section_id: northOther, term_id: s1, period_id: p1 },
      { district_id: d, section_id: southSection, term_id: s1, period_id: southPeriod },
    ])
    .execute();
  await db.insertInto('section_roster').values({ district_id: d, section_id: southSection, student_id: devon, start_date: '2026-09-16', source: 'seed' }).execute();
  await db
    .insertInto('calendar_day')
    .values([north!.id, south!.id].flatMap((school) => SCHOOL_WEEK.map((day) => ({ district_id: d, school_id: school, day, school_year_id: year, is_instructional: true, day_type: 'regular' }))))
    .execute();
  await db
    .insertInto('attendance_code')
    .values(CALIFORNIA_DEFAULT_CODES.map((c) => ({ district_id: d, code: c.code, description: c.description, state_category: c.stateCategory, counts_as_absent: c.countsAsAbsent, is_default: c.isDefault ?? false, sort_order: c.sortOrder ?? 0 })))
    .execute();
  // Tests use fixed dates in the past: here teachers may still change any of them.
  await db.insertInto('attendance_rule').values({ district_id: d, teacher_edit_days: 3650 }).execute();
  await db.insertInto('counselor_caseload').values({ district_id: d, counselor_id: counselor!, student_id: devon, school_year_id: year }).execute();

  const guardians = await db
    .insertInto('guardian')
    .values([
      { district_id: d, first_name: 'Morgan', last_name: 'Stone' },
      { district_id: d, first_name: 'Riley', last_name: 'Rivers' },
    ])
    .returning('id')
    .execute();
  const [parent, restricted] = guardians.map((g) => g.id) as [number, number];
  await db
    .insertInto('student_guardian')
    .values([
      { district_id: d, student_id: avery, guardian_id: parent, relationship: 'mother' },
      { district_id: d, student_id: blake, guardian_id: restricted, relationship: 'father', has_custody: false, access_restricted: true },
    ])
    .execute();

  const accounts: Array<{ username: string; role: Role; school: number | null; staff?: number; student?: number; guardian?: number }> = [
    { username: 'admin', role: 'district-admin', school: null, staff: admin },
    { username: 'principal', role: 'school-admin', school: north!.id, staff: principal },
    { username: 'south-principal', role: 'school-admin', school: south!.id, staff: southPrincipal },
    { username: 'counselor', role: 'counselor', school: south!.id, staff: counselor },
    { username: 'teacher', role: 'teacher', school: north!.id, staff: teacher },
    { username: 'clerk', role: 'attendance-clerk', school: north!.id, staff: clerk },
    { username: 'helpdesk', role: 'help-desk', school: null, staff: helpdesk },
    { username: 'student', role: 'student', school: north!.id, student: avery },
    { username: 'parent', role: 'guardian', school: null, guardian: parent },
    { username: 'restricted-parent', role: 'guardian', school: null, guardian: restricted },
  ];
  // One historical mark each, so transcript routes have an entry in and out of every scope.
  const entries = await db
    .insertInto('transcript_entry')
    .values(
      [avery, blake, casey, devon].map((studentId) => ({
        district_id: d, student_id: studentId, school_id: north!.id, course_id: course, course_code: '230101', course_title: 'ENGLISH 9A', grade_level: 9,
        school_year: '2025-26', term: 'S1', mark: 'B', credits: '5', ag_area: 'b', subject: 'english', source: 'historical',
      })),
    )
    .returning(['id', 'student_id'])
    .execute();
  const requests = await db
    .insertInto('course_request')
    .values([avery, blake, casey, devon].map((studentId) => ({ district_id: d, student_id: studentId, school_id: studentId === devon ? south!.id : north!.id, school_year_id: nextYear, course_id: course, priority: 3, source: 'student-choice' })))
    .returning(['id', 'student_id'])
    .execute();
  const request = (studentId: number) => requests.find((r) => r.student_id === studentId)!.id;
  const entry = (studentId: number) => entries.find((e) => e.student_id === studentId)!.id;
  const users: Record<string, number> = {};
  for (const account of accounts) {
    const { id } = await db
      .insertInto('app_user')
      .values({ district_id: d, username: account.username, display_name: account.username, password_hash: passwordHash, staff_id: account.staff ?? null, student_id: account.student ?? null, guardian_id: account.guardian ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('user_role').values({ district_id: d, user_id: id, role: account.role, school_id: account.school }).execute();
    users[account.username] = id;
  }
  const runs = await db
    .insertInto('scheduling_run')
    .values([north!.id, south!.id].map((school) => ({ district_id: d, school_id: school, school_year_id: year, kind: 'students', status: 'discarded', requested_by: users.admin! })))
    .returning('id')
    .execute();
  const { id: job } = await db.insertInto('job').values({ district_id: d, kind: 'gpa-recompute', requested_by: users.admin! }).returning('id').executeTakeFirstOrThrow();
  return {
    districtId: d,
    schools: { north: north!.id, south: south!.id },
    schoolYears: { current: year, next: nextYear },
    students: { avery, blake, casey, devon },
    courseRequests: { avery: request(avery), blake: request(blake), casey: request(casey), devon: request(devon) },
    transcriptEntries: { avery: entry(avery), blake: entry(blake), casey: entry(casey), devon: entry(devon) },
    section,
    southSection,
    sections: { taught: section, northOther, south: southSection },
    schedulingRuns: { north: runs[0]!.id, south: runs[1]!.id },
    gradingPeriods: { progress: gradingPeriods[0]!.id, final: gradingPeriods[1]!.id },
    course,
    users,
    job,
  };
}
