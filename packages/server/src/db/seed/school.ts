import { addAttendanceHistory } from './attendance.ts';
import { courseDef, elementaryClassCode } from './catalog.ts';
import { CURRENT_YEAR } from './calendar.ts';
import { lookup, type DistrictContext } from './context.ts';
import { addCourseRequests, addTranscript, highSchoolPath, MIDDLE_SCHOOL_ELECTIVES, middleSchoolYear, semesterMark, type Slot } from './courses-taken.ts';
import { buildMasterSchedule, roomFor } from './master-schedule.ts';
import { FEMALE_NAMES, MALE_NAMES, SURNAMES_HISPANIC, SURNAMES_OTHER } from './names.ts';
import type { SchoolPlan } from './plan.ts';
import { Random } from './random.ts';
import { generateStudents, type Student } from './students.ts';
import { Rows } from './writer.ts';

export const DEMO_USERNAMES = ['admin', 'principal', 'counselor', 'teacher', 'clerk', 'helpdesk', 'student', 'parent'] as const;

type StaffRole = 'teacher' | 'counselor' | 'principal' | 'assistant-principal' | 'attendance-clerk' | 'office' | 'help-desk';

/**
 * Everything about one school, in one unit of rows: its calendar, periods and bells, staff,
 * students with guardians and enrollment history, this year's master schedule and rosters, and at
 * secondary schools transcripts, progress marks, next year's requests and counselors' caseloads.
 */
export function generateSchool(ctx: DistrictContext, school: SchoolPlan, options: { demo: boolean }): Rows {
  const random = new Random(ctx.seed, 0x5c401, school.index);
  const rows = new Rows();
  const d = ctx.districtId;
  const schoolId = ctx.schoolIds[school.index]!;
  const current = ctx.calendar.find((y) => y.name === CURRENT_YEAR)!;
  const yearId = lookup(ctx.yearIds, CURRENT_YEAR);
  const secondary = school.kind !== 'elementary';

  for (const year of ctx.calendar) {
    if (year.name > CURRENT_YEAR) continue;
    const id = lookup(ctx.yearIds, year.name);
    for (const day of year.days) rows.add('calendar_day', d, schoolId, day.day, id, day.instructional, day.type, day.note);
  }

  const periodIds: number[] = [];
  const periodCount = secondary ? school.periods : 1;
  for (let p = 0; p < periodCount; p++) {
    periodIds.push(rows.add('period', d, null, schoolId, secondary ? `P${p + 1}` : 'HR', secondary ? `Period ${p + 1}` : 'Homeroom', p + 1));
  }
  const regular = rows.add('bell_schedule', d, null, schoolId, 'Regular', true);
  const minimum = rows.add('bell_schedule', d, null, schoolId, 'Minimum day', false);
  const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  periodIds.forEach((period, p) => {
    if (!secondary) {
      rows.add('bell_schedule_period', d, regular, period, '08:00', '14:20');
      rows.add('bell_schedule_period', d, minimum, period, '08:00', '12:40');
      return;
    }
    const start = 8 * 60 + p * 58 + (p >= 4 ? 30 : 0); // lunch after fourth period
    rows.add('bell_schedule_period', d, regular, period, clock(start), clock(start + 53));
    const short = 8 * 60 + p * 40;
    rows.add('bell_schedule_period', d, minimum, period, clock(short), clock(short + 36));
  });

  let staffCount = 0;
  const newStaff = (role: StaffRole | null, female = random.chance(0.62)): number => {
    staffCount++;
    const first = random.pick(female ? FEMALE_NAMES : MALE_NAMES);
    const last = random.pick(random.chance(0.5) ? SURNAMES_HISPANIC : SURNAMES_OTHER);
    const local = role === null ? `E0000${String(staffCount).padStart(4, '0')}` : `E${school.code}${String(staffCount).padStart(4, '0')}`;
    const id = rows.add(
      'staff', d, null, local, String(2_000_000_000 + (role === null ? 9_999 : school.index) * 10_000 + staffCount), first, last,
      `${first}.${last}.${local.slice(-4)}@staff.${ctx.districtCode.toLowerCase()}.example`.toLowerCase().replace(/[^a-z0-9.@-]/g, ''),
    );
    if (role) rows.add('staff_assignment', d, null, id, schoolId, yearId, role, 1, role === 'teacher' ? 5 : null, current.start);
    return id;
  };
  const principal = newStaff('principal');
  for (let i = 0; i < (secondary ? Math.floor(school.students / 800) : 0); i++) newStaff('assistant-principal');
  const clerks = Array.from({ length: 1 + Math.floor(school.students / 1500) }, () => newStaff('attendance-clerk'));
  newStaff('office');
  const counselors = secondary ? Array.from({ length: Math.max(1, Math.ceil(school.students / 400)) }, () => newStaff('counselor')) : [];

  const students = generateStudents(ctx, school, random, rows);
  for (const s of students) addAttendanceHistory(ctx, schoolId, s, current.days, rows);
  const teachers: number[] = [];
  if (secondary) {
    const plans = new Map<number, Slot[]>();
    const paths = new Map<number, Slot[][]>();
    const unavailable = new Map<number, number>();
    for (const s of students) {
      if (school.kind === 'high') {
        const path = highSchoolPath(ctx, s, school.periods);
        paths.set(s.id, path);
        plans.set(s.id, path[s.grade - 9]!);
      } else plans.set(s.id, middleSchoolYear(ctx, s, s.grade));
      // A few juniors and seniors work off campus in the last period.
      if (s.grade >= 11 && random.chance(0.01)) {
        unavailable.set(s.id, school.periods - 1);
        for (const term of ['S1', 'S2']) {
          rows.add('student_unavailable_slot', d, s.id, yearId, lookup(ctx.termIds, `${CURRENT_YEAR}:${term}`), periodIds[school.periods - 1]!, 'work experience (off campus)');
        }
      }
    }
    const schedule = buildMasterSchedule(ctx, school, random, rows, students, plans, unavailable, periodIds, () => newStaff('teacher'));
    teachers.push(...schedule.teachers.map((t) => t.id));
    if (school.kind === 'high') {
      const byId = new Map(students.map((s) => [s.id, s]));
      for (const s of students) if (s.grade > 9 || s.advancedMath) addTranscript(ctx, school, s, paths.get(s.id)!, random, rows);
      // Progress marks of this fall's first two grading periods.
      for (const gp of ['S1-1', 'S1-2']) {
        const gradingPeriod = lookup(ctx.gradingPeriodIds, `${CURRENT_YEAR}:${gp}`);
        for (const { section, student, course } of schedule.fallSections) {
          const s = byId.get(student)!;
          if (s.entryDate > '2026-09-14' && gp === 'S1-1') continue;
          const mark = semesterMark(random, s.ability, courseDef(course));
          rows.add('mark', d, null, student, section, gradingPeriod, mark === 'W' ? 'C' : mark, random.weighted([['E', 3], ['S', 5], ['U', 1]]), random.weighted([['E', 4], ['S', 5], ['U', 1]]), null);
        }
      }
      for (const s of students) if (s.grade <= 11) addCourseRequests(ctx, s, school.index, paths.get(s.id)![s.grade - 8]!, random, rows);
    } else {
      const highSchool = ctx.plan.schools[school.feedsInto ?? -1];
      // 6th and 7th graders ask for next year's courses here, so that every secondary school has
      // next year's students to schedule. Their own stream: the 8th graders' requests stay as they were.
      const staying = new Random(ctx.seed, 0x5c402, school.index);
      for (const s of students) {
        if (s.grade < 8) addCourseRequests(ctx, s, school.index, middleSchoolYear(ctx, s, s.grade + 1), staying, rows, MIDDLE_SCHOOL_ELECTIVES);
        else if (highSchool) addCourseRequests(ctx, s, highSchool.index, highSchoolPath(ctx, s, highSchool.periods)[0]!, random, rows);
      }
    }
    const byName = [...students].sort((a, b) => (a.lastName < b.lastName ? -1 : a.lastName > b.lastName ? 1 : a.id - b.id));
    byName.forEach((s, i) => rows.add('counselor_caseload', d, counselors[Math.floor((i * counselors.length) / byName.length)]!, s.id, yearId));
  } else {
    addElementaryClasses(ctx, school, rows, students, periodIds[0]!, () => {
      const id = newStaff('teacher');
      teachers.push(id);
      return id;
    });
  }
  if (options.demo) addDemoAccounts(ctx, school, rows, { principal, clerk: clerks[0]!, counselor: counselors[0], teacher: teachers[0], students, newStaff });
  return rows;
}

/** Self-contained classes of about 24, one teacher and one room each, all year in one period. */
function addElementaryClasses(ctx: DistrictContext, school: SchoolPlan, rows: Rows, students: Student[], period: number, newTeacher: () => number): void {
  const d = ctx.districtId;
  const yearId = lookup(ctx.yearIds, CURRENT_YEAR);
  const terms = ctx.calendar.find((y) => y.name === CURRENT_YEAR)!.terms;
  const schoolId = ctx.schoolIds[school.index]!;
  let rooms = 0;
  for (let grade = school.lowGrade; grade <= school.highGrade; grade++) {
    const ids = students.filter((s) => s.grade === grade);
    const classes = Math.ceil(ids.length / 24);
    const code = elementaryClassCode(grade);
    for (let k = 0; k < classes; k++) {
      const group = ids.slice(Math.floor((k * ids.length) / classes), Math.floor(((k + 1) * ids.length) / classes));
      const teacher = newTeacher();
      const [roomCode, roomName, roomType] = roomFor('classroom', ++rooms);
      const room = rows.add('room', d, null, schoolId, roomCode, roomName, roomType, 30);
      const section = rows.add('section', d, null, schoolId, yearId, lookup(ctx.courseIds, code), `${code}-${String(k + 1).padStart(2, '0')}`, Math.max(group.length, 26), room, null, false);
      for (const t of ['S1', 'S2']) rows.add('section_meeting', d, section, lookup(ctx.termIds, `${CURRENT_YEAR}:${t}`), period, 'MTWRF');
      rows.add('section_teacher', d, section, teacher, 'primary', terms[0]!.start);
      rows.add('staff_course_qualification', d, teacher, lookup(ctx.courseIds, code));
      for (const s of group) rows.add('section_roster', d, null, section, s.id, s.entryDate, null, 'seed', null);
    }
  }
  const [musicCode, musicName] = roomFor('music', 1);
  rows.add('room', d, null, schoolId, musicCode, musicName, 'music', 40);
  rows.add('room', d, null, schoolId, 'MPR', 'Multipurpose room', 'gym', 120);
}

/**
 * One account per role at the demo school, each tied to a real record: the teacher has
 * sections, the counselor a caseload, the parent is a guardian of the demo student. Passwords are
 * left for the accounts feature to set.
 */
function addDemoAccounts(
  ctx: DistrictContext, school: SchoolPlan, rows: Rows,
  people: { principal: number; clerk: number; counselor: number | undefined; teacher: number | undefined; students: Student[]; newStaff: (role: StaffRole | null) => number },
): void {
  const d = ctx.districtId;
  const schoolId = ctx.schoolIds[school.index]!;
  const student = people.students.find((s) => s.grade === 11 && s.transferredFrom === null && s.guardians.some((g) => !g.restricted)) ?? people.students[0];
  if (!student || people.counselor === undefined || people.teacher === undefined) throw new Error('seed: the demo school needs students, a counselor and a teacher');
  const guardian = student.guardians.find((g) => !g.restricted)!;
  const admin = people.newStaff(null);
  const helpDesk = people.newStaff('help-desk');
  const accounts: Array<[string, string, 'staff' | 'student' | 'guardian', number, string]> = [
    ['admin', 'District Administrator (demo)', 'staff', admin, 'district-admin'],
    ['principal', 'Principal (demo)', 'staff', people.principal, 'school-admin'],
    ['counselor', 'Counselor (demo)', 'staff', people.counselor, 'counselor'],
    ['teacher', 'Teacher (demo)', 'staff', people.teacher, 'teacher'],
    ['clerk', 'Attendance Clerk (demo)', 'staff', people.clerk, 'attendance-clerk'],
    ['helpdesk', 'Help Desk (demo)', 'staff', helpDesk, 'help-desk'],
    ['student', `${student.firstName} ${student.lastName} (demo student)`, 'student', student.id, 'student'],
    ['parent', 'Parent (demo)', 'guardian', guardian.id, 'guardian'],
  ];
  for (const [username, name, kind, id, role] of accounts) {
    const user = rows.add('app_user', d, null, username, name, kind === 'staff' ? id : null, kind === 'student' ? id : null, kind === 'guardian' ? id : null);
    // District administrators and the help desk serve every school: their grant has no school.
    rows.add('user_role', d, user, role, role === 'district-admin' || role === 'help-desk' ? null : schoolId);
  }
}
