// The bench's own district for the first morning, built with set-based inserts (generate_series)
// so that 25,000 teachers and 740,000 roster rows load in seconds. The synthetic district generator
// (homeroom seed) is another branch's work; this keeps the bench about attendance: schools, one
// section per teacher with a roster of ~30, a school day today, and a signed-in session per teacher.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { CALIFORNIA_DEFAULT_CODES } from '../packages/core/src/attendance/index.ts';
import { SESSION_COOKIE } from '../packages/server/src/auth/sessions.ts';

export interface MorningDistrict {
  teachers: MorningTeacher[];
  counselors: MorningCounselor[];
  secondarySchools: number;
  elementarySchools: number;
  students: number;
  rosterRows: number;
  today: string;
}

export interface MorningTeacher {
  sectionId: number;
  cookie: string;
  csrf: string;
}

/** A counselor of a secondary school, and the changes they will make: each moves a student to another section of the same period. */
export interface MorningCounselor {
  cookie: string;
  csrf: string;
  changes: Array<{ studentId: number; drop: number; add: number }>;
}

/** Sections per secondary school: 6 periods × 40 sections of 30, 1,200 students each taking 6. */
const PERIODS = 6;
const SECTIONS_PER_PERIOD = 40;
const STUDENTS_PER_SECONDARY = 1200;
/** Elementary schools: 20 homerooms of 25, taking daily attendance. */
const HOMEROOMS = 20;
const PER_HOMEROOM = 25;

const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

export async function buildMorningDistrict(client: pg.Client, options: { teachers: number; seed: number }, log: (line: string) => void): Promise<MorningDistrict> {
  const elementaryTeachers = Math.round(options.teachers * 0.1);
  const secondarySchools = Math.max(1, Math.round((options.teachers - elementaryTeachers) / (PERIODS * SECTIONS_PER_PERIOD)));
  const elementarySchools = Math.max(1, Math.round(elementaryTeachers / HOMEROOMS));
  const q = (text: string, values: unknown[] = []) => client.query(text, values);

  const { rows: [district] } = await q(`insert into district (code, name, time_zone) values ('BENCH', 'Bench Unified', 'America/Los_Angeles') returning id, to_char((now() at time zone 'America/Los_Angeles')::date, 'YYYY-MM-DD') as today`);
  const d = Number(district.id);
  const today: string = district.today;
  await q(`insert into school (district_id, code, name, kind, low_grade, high_grade, attendance_mode)
    select $1, 'S' || lpad(g::text, 4, '0'), 'Secondary ' || g, 'high', 9, 12, 'period' from generate_series(1, $2) g`, [d, secondarySchools]);
  await q(`insert into school (district_id, code, name, kind, low_grade, high_grade, attendance_mode)
    select $1, 'E' || lpad(g::text, 4, '0'), 'Elementary ' || g, 'elementary', 0, 5, 'daily' from generate_series(1, $2) g`, [d, elementarySchools]);
  const { rows: [year] } = await q(`insert into school_year (district_id, name, start_date, end_date, is_current) values ($1, '2026-27', $2::date - 60, $2::date + 240, true) returning id`, [d, today]);
  const { rows: [term] } = await q(`insert into term (district_id, school_year_id, code, name, start_date, end_date) values ($1, $2, 'S1', 'Fall', $3::date - 30, $3::date + 120) returning id`, [d, year.id, today]);
  await q(`insert into calendar_day (district_id, school_id, day, school_year_id, is_instructional, day_type) select $1, id, $2::date, $3, true, 'regular' from school where district_id = $1`, [d, today, year.id]);
  await q(`insert into period (district_id, school_id, code, name, sort_order)
    select $1, s.id, 'P' || p, 'Period ' || p, p from school s cross join generate_series(1, ${PERIODS}) p where s.district_id = $1 and s.attendance_mode = 'period'
    union all select $1, s.id, 'HR', 'Homeroom', 1 from school s where s.district_id = $1 and s.attendance_mode = 'daily'`, [d]);
  // A course for each period, so that moving a student to another section of the same period is a
  // change a counselor may make (the same course twice on one schedule is refused).
  await q(`insert into course (district_id, code, title, credits) select $1::bigint, 'BENCH-' || p, 'Course ' || p, 5 from generate_series(1, ${PERIODS}) p
    union all select $1, 'HOMEROOM', 'Homeroom', 0`, [d]);
  for (const c of CALIFORNIA_DEFAULT_CODES) {
    await q(`insert into attendance_code (district_id, code, description, state_category, counts_as_absent, is_default, sort_order) values ($1, $2, $3, $4, $5, $6, $7)`, [d, c.code, c.description, c.stateCategory, c.countsAsAbsent, c.isDefault ?? false, c.sortOrder ?? 0]);
  }
  log(`  ${secondarySchools} secondary and ${elementarySchools} elementary schools, today ${today}`);

  // Sections: secondary k = 0..239 meets in period k / 40 + 1; elementary homerooms in HR. Every
  // day of the week, so that the bench runs on any day it is started.
  await q(`insert into section (district_id, school_id, school_year_id, course_id, code, capacity)
    select $1, s.id, $2, c.id, case when s.attendance_mode = 'period' then 'SEC-' else 'HR-' end || lpad(k::text, 3, '0'), 34
    from school s cross join lateral generate_series(0, case when s.attendance_mode = 'period' then ${PERIODS * SECTIONS_PER_PERIOD - 1} else ${HOMEROOMS - 1} end) k
    join course c on c.district_id = s.district_id and c.code = case when s.attendance_mode = 'period' then 'BENCH-' || (k / ${SECTIONS_PER_PERIOD} + 1) else 'HOMEROOM' end
    where s.district_id = $1`, [d, year.id]);
  await q(`insert into section_meeting (district_id, section_id, term_id, period_id, days)
    select $1, sec.id, $2, p.id, 'MTWRFSU' from section sec
    join school s on s.district_id = sec.district_id and s.id = sec.school_id
    join period p on p.district_id = sec.district_id and p.school_id = sec.school_id
      and p.code = case when s.attendance_mode = 'period' then 'P' || (substr(sec.code, 5)::int / ${SECTIONS_PER_PERIOD} + 1) else 'HR' end
    where sec.district_id = $1`, [d, term.id]);
  // Fresh tables have no statistics: without them the planner joins 700,000 roster rows by nested loops.
  await q('analyze school; analyze section; analyze period; analyze section_meeting');
  log(`  sections and meetings`);

  // Students: 1,200 per secondary school, 500 per elementary.
  await q(`insert into student (district_id, local_id, first_name, last_name, birth_date, gender)
    select $1, s.code || '-' || lpad(n::text, 4, '0'), 'Student' || n, 'Of ' || s.code, '2010-01-01', 'X'
    from school s cross join lateral generate_series(0, case when s.attendance_mode = 'period' then ${STUDENTS_PER_SECONDARY - 1} else ${HOMEROOMS * PER_HOMEROOM - 1} end) n
    where s.district_id = $1`, [d]);
  await q(`insert into enrollment (district_id, student_id, school_id, school_year_id, grade_level, entry_date, entry_code)
    select $1, st.id, s.id, $2, case when s.attendance_mode = 'period' then 10 else 3 end, $3::date - 60, 'E1'
    from student st join school s on s.district_id = st.district_id and s.code = split_part(st.local_id, '-', 1) where st.district_id = $1`, [d, year.id, today]);
  await q('analyze student; analyze enrollment');
  // Secondary: student n takes one section in each period: section (period-1)*40 + n mod 40.
  await q(`insert into section_roster (district_id, section_id, student_id, start_date, source)
    select $1, sec.id, st.id, $2::date - 60, 'seed'
    from student st
    join school s on s.district_id = st.district_id and s.code = split_part(st.local_id, '-', 1) and s.attendance_mode = 'period'
    cross join generate_series(0, ${PERIODS - 1}) p
    join section sec on sec.district_id = s.district_id and sec.school_id = s.id
      and sec.code = 'SEC-' || lpad((p * ${SECTIONS_PER_PERIOD} + split_part(st.local_id, '-', 2)::int % ${SECTIONS_PER_PERIOD})::text, 3, '0')
    where st.district_id = $1`, [d, today]);
  await q(`insert into section_roster (district_id, section_id, student_id, start_date, source)
    select $1, sec.id, st.id, $2::date - 60, 'seed'
    from student st
    join school s on s.district_id = st.district_id and s.code = split_part(st.local_id, '-', 1) and s.attendance_mode = 'daily'
    join section sec on sec.district_id = s.district_id and sec.school_id = s.id
      and sec.code = 'HR-' || lpad((split_part(st.local_id, '-', 2)::int / ${PER_HOMEROOM})::text, 3, '0')
    where st.district_id = $1`, [d, today]);
  await q('analyze section_roster');
  log(`  students, enrollments and rosters`);

  // One teacher per section, with an account, a role at the school and a session already signed in.
  await q(`insert into staff (district_id, local_id, first_name, last_name) select $1, 'T' || sec.id, 'Teacher', sec.code from section sec where sec.district_id = $1`, [d]);
  await q(`insert into section_teacher (district_id, section_id, staff_id, start_date) select $1, sec.id, t.id, $2::date - 60 from section sec join staff t on t.district_id = sec.district_id and t.local_id = 'T' || sec.id where sec.district_id = $1`, [d, today]);
  await q('analyze staff; analyze section_teacher');
  await q(`insert into app_user (district_id, username, display_name, staff_id) select $1, 'teacher' || t.id, 'Teacher ' || t.id, t.id from staff t where t.district_id = $1`, [d]);
  await q(`insert into user_role (district_id, user_id, role, school_id)
    select $1, u.id, 'teacher', sec.school_id from app_user u join section_teacher st on st.district_id = u.district_id and st.staff_id = u.staff_id
    join section sec on sec.district_id = st.district_id and sec.id = st.section_id where u.district_id = $1`, [d]);
  await q('analyze app_user; analyze user_role');
  const { rows: users } = await q(`select u.id as user_id, st.section_id from app_user u join section_teacher st on st.district_id = u.district_id and st.staff_id = u.staff_id where u.district_id = $1 order by st.section_id`, [d]);
  const teacherSessions = await signIn(q, d, options.seed, 'teacher', (users as Array<{ user_id: string }>).map((u) => Number(u.user_id)));
  const teachers: MorningTeacher[] = (users as Array<{ section_id: string }>).map((u, i) => ({ sectionId: Number(u.section_id), ...teacherSessions[i]! }));
  // One counselor at each secondary school, signed in, with the students they will move: the
  // school's students in a shuffled order, each from their section of one period to the next
  // section of that period (30 on a roster, 34 seats: there is room).
  await q(`insert into staff (district_id, local_id, first_name, last_name) select $1, 'C' || s.id, 'Counselor', s.code from school s where s.district_id = $1 and s.attendance_mode = 'period'`, [d]);
  await q(`insert into app_user (district_id, username, display_name, staff_id) select $1, 'counselor' || t.id, 'Counselor ' || t.id, t.id from staff t where t.district_id = $1 and t.local_id like 'C%'`, [d]);
  await q(`insert into user_role (district_id, user_id, role, school_id)
    select $1, u.id, 'counselor', substr(t.local_id, 2)::bigint from app_user u join staff t on t.district_id = u.district_id and t.id = u.staff_id where u.district_id = $1 and t.local_id like 'C%'`, [d]);
  const { rows: counselorRows } = await q(`select u.id as user_id, substr(t.local_id, 2)::bigint as school_id from app_user u join staff t on t.district_id = u.district_id and t.id = u.staff_id where u.district_id = $1 and t.local_id like 'C%' order by u.id`, [d]);
  const { rows: moves } = await q(`
    select s.id as school_id, r.student_id, r.section_id as drop, next.id as add
    from section_roster r
    join section sec on sec.district_id = r.district_id and sec.id = r.section_id and sec.code like 'SEC-%'
    join school s on s.district_id = sec.district_id and s.id = sec.school_id
    join section next on next.district_id = sec.district_id and next.school_id = sec.school_id
      and next.code = 'SEC-' || lpad(((substr(sec.code, 5)::int / ${SECTIONS_PER_PERIOD}) * ${SECTIONS_PER_PERIOD} + (substr(sec.code, 5)::int + 1) % ${SECTIONS_PER_PERIOD})::text, 3, '0')
    where r.district_id = $1 and (hashtext(r.student_id::text) & 7) = 0 and substr(sec.code, 5)::int / ${SECTIONS_PER_PERIOD} = hashtext(r.student_id::text || 'p') & 3
    order by hashtext(r.student_id::text || 'order')`, [d]);
  const movesBySchool = new Map<string, MorningCounselor['changes']>();
  for (const m of moves as Array<{ school_id: string; student_id: string; drop: string; add: string }>) {
    const list = movesBySchool.get(m.school_id) ?? [];
    list.push({ studentId: Number(m.student_id), drop: Number(m.drop), add: Number(m.add) });
    movesBySchool.set(m.school_id, list);
  }
  const rows = counselorRows as Array<{ user_id: string; school_id: string }>;
  const counselorSessions = await signIn(q, d, options.seed, 'counselor', rows.map((r) => Number(r.user_id)));
  const counselors: MorningCounselor[] = rows.map((r, i) => ({ ...counselorSessions[i]!, changes: movesBySchool.get(r.school_id) ?? [] }));

  const { rows: [counts] } = await q(`select (select count(*) from student where district_id = $1) as students, (select count(*) from section_roster where district_id = $1) as roster`, [d]);
  await q('analyze');
  return { teachers, counselors, secondarySchools, elementarySchools, students: Number(counts.students), rosterRows: Number(counts.roster), today };
}

/** Signed-in sessions for the users, inserted 2,000 at a time: the cookie and CSRF token of each, in order. */
async function signIn(q: (text: string, values?: unknown[]) => Promise<pg.QueryResult>, districtId: number, seed: number, kind: string, userIds: number[]) {
  const sessions = userIds.map((userId) => ({
    userId,
    token: `bench-${kind}-${seed}-${userId}-${createHash('sha256').update(`${kind}:${seed}:${userId}`).digest('hex').slice(0, 24)}`,
    csrf: `csrf-${kind}-${userId}`,
  }));
  for (let i = 0; i < sessions.length; i += 2000) {
    const batch = sessions.slice(i, i + 2000);
    await q(`insert into user_session (id, district_id, user_id, csrf_token, expires_at) select unnest($1::text[]), $2, unnest($3::bigint[]), unnest($4::text[]), now() + interval '12 hours'`, [
      batch.map((b) => tokenHash(b.token)),
      districtId,
      batch.map((b) => b.userId),
      batch.map((b) => b.csrf),
    ]);
  }
  return sessions.map((b) => ({ cookie: `${SESSION_COOKIE}=${b.token}`, csrf: b.csrf }));
}
