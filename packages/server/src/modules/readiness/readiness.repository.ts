import { sql, type RawBuilder } from 'kysely';
import type { Handle } from '../../db/handle.ts';

/** The schools a report judges: every school of the district, or these. */
export type SchoolScope = 'all' | readonly number[];

export const inScope = (scope: SchoolScope, column: RawBuilder<unknown>): RawBuilder<boolean> =>
  scope === 'all' ? sql<boolean>`true` : scope.length ? sql<boolean>`${column} = any(${[...scope]}::bigint[])` : sql<boolean>`false`;

/** A list of named records and how many there were in all (the list stops at `limit`). */
export interface Listed<T> {
  total: number;
  rows: T[];
}

function listed<T extends { total: number }>(rows: T[]): Listed<Omit<T, 'total'>> {
  return { total: rows[0]?.total ?? 0, rows: rows.map(({ total: _total, ...row }) => row) };
}

// ---- Settings ----

export async function readinessSettings(db: Handle, districtId: number) {
  const [setting, thresholds] = await Promise.all([
    db.selectFrom('readiness_setting').select('expected_peak_saves_per_second').where('district_id', '=', districtId).executeTakeFirst(),
    db.selectFrom('readiness_threshold').select(['check_id', 'threshold', 'required']).where('district_id', '=', districtId).execute(),
  ]);
  return {
    expectedPeakSavesPerSecond: setting?.expected_peak_saves_per_second ?? 20,
    overrides: thresholds.map((t) => ({ id: t.check_id, threshold: t.threshold === null ? null : Number(t.threshold), required: t.required })),
  };
}

export async function setExpectedPeak(db: Handle, districtId: number, savesPerSecond: number): Promise<void> {
  await db
    .insertInto('readiness_setting')
    .values({ district_id: districtId, expected_peak_saves_per_second: savesPerSecond })
    .onConflict((oc) => oc.column('district_id').doUpdateSet({ expected_peak_saves_per_second: savesPerSecond, updated_at: sql`now()` }))
    .execute();
}

export async function setCheckThreshold(db: Handle, districtId: number, checkId: string, change: { threshold?: number | null; required?: boolean | null }): Promise<void> {
  const values = { threshold: change.threshold === undefined || change.threshold === null ? null : String(change.threshold), required: change.required ?? null };
  await db
    .insertInto('readiness_threshold')
    .values({ district_id: districtId, check_id: checkId, ...values })
    .onConflict((oc) => oc.columns(['district_id', 'check_id']).doUpdateSet({ ...values, updated_at: sql`now()` }))
    .execute();
}

// ---- The day judged ----

/**
 * The first instructional day on or after `day` at any school: the day a report judges by default
 * (today on a school day, Monday on a weekend, the first day of the year before it begins).
 */
export async function firstSchoolDayFrom(db: Handle, districtId: number, day: string): Promise<string | null> {
  const { rows } = await sql<{ day: string | null }>`
    select min(c.day)::text as day from calendar_day c where c.district_id = ${districtId} and c.is_instructional and c.day >= ${day}::date`.execute(db);
  return rows[0]?.day ?? null;
}

/** How many of the schools are in session on the day. */
export async function schoolsInSession(db: Handle, districtId: number, day: string, scope: SchoolScope): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from calendar_day c
    where c.district_id = ${districtId} and c.day = ${day}::date and c.is_instructional and ${inScope(scope, sql.ref('c.school_id'))}`.execute(db);
  return rows[0]?.n ?? 0;
}

/** The last instructional day before `day` at any of the schools. */
export async function lastSchoolDayBefore(db: Handle, districtId: number, day: string, scope: SchoolScope): Promise<string | null> {
  const { rows } = await sql<{ day: string | null }>`
    select max(c.day)::text as day from calendar_day c
    where c.district_id = ${districtId} and c.is_instructional and c.day < ${day}::date and ${inScope(scope, sql.ref('c.school_id'))}`.execute(db);
  return rows[0]?.day ?? null;
}

export function schoolsById(db: Handle, districtId: number, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('school').select(['id', 'name']).where('district_id', '=', districtId).where('id', 'in', [...ids]).orderBy('name').execute();
}

// ---- The figures ----

export interface IncompleteSchedule {
  school_id: number;
  school: string;
  student_id: number;
  local_id: string;
  periods: number;
  filled: number;
}

/**
 * Enrolled secondary students (grade 6 and up, at a school with periods and in session on the day)
 * whose sections meeting on the day leave one of the school's periods empty, or who have no section:
 * one row a student and school, with the school's periods and how many they fill. The one
 * definition of an incomplete schedule for the readiness report and the administrators' home.
 */
function studentsWithIncompleteSchedule(districtId: number, day: string, weekday: string, scope: SchoolScope) {
  return sql<{ school_id: number; student_id: number; periods: number; filled: number }>`
    with periods as (
      select p.school_id, count(*)::int as periods from period p where p.district_id = ${districtId} group by p.school_id
    ), enrolled as (
      select distinct e.student_id, e.school_id from enrollment e
      join calendar_day cd on cd.district_id = e.district_id and cd.school_id = e.school_id and cd.day = ${day}::date and cd.is_instructional
      where e.district_id = ${districtId} and e.grade_level >= 6 and e.entry_date <= ${day}::date and (e.exit_date is null or e.exit_date > ${day}::date)
        and ${inScope(scope, sql.ref('e.school_id'))}
    ), filled as (
      select r.student_id, s.school_id, count(distinct m.period_id)::int as filled
      from section_roster r
      join section s on s.district_id = r.district_id and s.id = r.section_id
      join section_meeting m on m.district_id = s.district_id and m.section_id = s.id and position(${weekday} in m.days) > 0
      join term t on t.district_id = m.district_id and t.id = m.term_id and t.start_date <= ${day}::date and t.end_date >= ${day}::date
      where r.district_id = ${districtId} and r.start_date <= ${day}::date and (r.end_date is null or r.end_date > ${day}::date)
        and r.student_id in (select student_id from enrolled)
      group by r.student_id, s.school_id
    )
    select e.school_id, e.student_id, p.periods, coalesce(f.filled, 0) as filled
    from enrolled e
    join periods p on p.school_id = e.school_id
    left join filled f on f.student_id = e.student_id and f.school_id = e.school_id
    where coalesce(f.filled, 0) < p.periods`;
}

/** The students without a complete schedule on the day, fewest periods filled first. */
export async function incompleteSchedules(db: Handle, districtId: number, day: string, weekday: string, scope: SchoolScope, limit: number): Promise<Listed<IncompleteSchedule>> {
  const { rows } = await sql<IncompleteSchedule & { total: number }>`
    select sc.id as school_id, sc.name as school, st.id as student_id, st.local_id, i.periods, i.filled, count(*) over ()::int as total
    from (${studentsWithIncompleteSchedule(districtId, day, weekday, scope)}) i
    join school sc on sc.district_id = ${districtId} and sc.id = i.school_id
    join student st on st.district_id = ${districtId} and st.id = i.student_id
    order by i.filled, sc.name, st.local_id
    limit ${limit}`.execute(db);
  return listed(rows);
}

/** How many students are without a complete schedule on the day at each school that has any, most first. */
export async function incompleteSchedulesBySchool(db: Handle, districtId: number, day: string, weekday: string, scope: SchoolScope) {
  const { rows } = await sql<{ school_id: number; school: string; students: number }>`
    select sc.id as school_id, sc.name as school, count(*)::int as students
    from (${studentsWithIncompleteSchedule(districtId, day, weekday, scope)}) i
    join school sc on sc.district_id = ${districtId} and sc.id = i.school_id
    group by sc.id, sc.name
    order by count(*) desc, sc.name`.execute(db);
  return rows;
}

export interface ScheduledCourse {
  school: string;
  school_id: number;
  student_id: number;
  local_id: string;
  section_id: number;
  section: string;
  course_id: number;
  course: string;
}

/**
 * Sections students sit in on the day, of a course that is not repeatable for credit and that
 * their transcript already has a mark in (by its code or a repeat of it): the candidates the
 * repeat rule judges. A placement a counselor let through with a reason is left out.
 */
export async function scheduledCoursesWithMarks(db: Handle, districtId: number, day: string, scope: SchoolScope): Promise<ScheduledCourse[]> {
  const { rows } = await sql<ScheduledCourse>`
    select sc.name as school, sc.id as school_id, st.id as student_id, st.local_id, s.id as section_id, s.code as section, c.id as course_id, c.code as course
    from section_roster r
    join section s on s.district_id = r.district_id and s.id = r.section_id
    join course c on c.district_id = s.district_id and c.id = s.course_id and not c.repeatable_for_credit
    join school sc on sc.district_id = s.district_id and sc.id = s.school_id
    join student st on st.district_id = r.district_id and st.id = r.student_id
    where r.district_id = ${districtId} and r.start_date <= ${day}::date and (r.end_date is null or r.end_date > ${day}::date)
      and r.override_reason is null and ${inScope(scope, sql.ref('s.school_id'))}
      and exists (select 1 from transcript_entry x where x.district_id = r.district_id and x.student_id = r.student_id
                  and (x.course_code = c.code or x.repeats_course_code = c.code))
    order by sc.name, st.local_id, s.code`.execute(db);
  return rows;
}

/** Students in grade 12 enrolled on the day, by school. */
export async function enrolledSeniors(db: Handle, districtId: number, day: string, scope: SchoolScope) {
  const { rows } = await sql<{ student_id: number; local_id: string; school_id: number; school: string }>`
    select distinct st.id as student_id, st.local_id, sc.id as school_id, sc.name as school
    from enrollment e
    join student st on st.district_id = e.district_id and st.id = e.student_id
    join school sc on sc.district_id = e.district_id and sc.id = e.school_id
    where e.district_id = ${districtId} and e.grade_level = 12 and e.entry_date <= ${day}::date and (e.exit_date is null or e.exit_date > ${day}::date)
      and ${inScope(scope, sql.ref('e.school_id'))}
    order by sc.name, st.local_id`.execute(db);
  return rows;
}

export interface OverCapacity {
  school: string;
  school_id: number;
  section_id: number;
  section: string;
  seated: number;
  capacity: number;
}

/** Sections with more students on the roster on the day than seats. */
export async function sectionsOverCapacity(db: Handle, districtId: number, day: string, scope: SchoolScope, limit: number): Promise<Listed<OverCapacity>> {
  const { rows } = await sql<OverCapacity & { total: number }>`
    select sc.name as school, sc.id as school_id, s.id as section_id, s.code as section, count(*)::int as seated, s.capacity, count(*) over ()::int as total
    from section s
    join section_roster r on r.district_id = s.district_id and r.section_id = s.id and r.start_date <= ${day}::date and (r.end_date is null or r.end_date > ${day}::date)
    join school sc on sc.district_id = s.district_id and sc.id = s.school_id
    where s.district_id = ${districtId} and ${inScope(scope, sql.ref('s.school_id'))}
    group by sc.name, sc.id, s.id, s.code, s.capacity
    having count(*) > s.capacity
    order by count(*) - s.capacity desc, sc.name, s.code
    limit ${limit}`.execute(db);
  return listed(rows);
}

/** The report of the district's latest import whose reconciliation compared figures (a dry run counts). */
export async function latestReconciliation(db: Handle, districtId: number) {
  const { rows } = await sql<{ id: number; status: string; finished_at: Date | null; reconciliation: unknown }>`
    select id, status, finished_at, report -> 'reconciliation' as reconciliation from district_import
    where district_id = ${districtId} and report -> 'reconciliation' is not null
    order by id desc limit 1`.execute(db);
  return rows[0] ?? null;
}

export function localIdsOf(db: Handle, districtId: number, localIds: readonly string[]) {
  if (localIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('student').select(['id', 'local_id']).where('district_id', '=', districtId).where('local_id', 'in', [...localIds]).execute();
}

// ---- Load tests ----

export function lastLoadTest(db: Handle, districtId: number) {
  return db
    .selectFrom('load_test_run')
    .select(['saves_per_second', 'p99_ms', 'errors', 'target_saves_per_second', 'recorded_at'])
    .where('district_id', '=', districtId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function recordLoadTest(
  db: Handle,
  values: { districtId: number; expectedPeak: number; target: number; savesPerSecond: number; p99Ms: number; errors: number; quick: boolean; result: unknown },
): Promise<number> {
  const row = await db
    .insertInto('load_test_run')
    .values({
      district_id: values.districtId, expected_peak_saves_per_second: values.expectedPeak, target_saves_per_second: values.target,
      saves_per_second: String(values.savesPerSecond), p99_ms: String(values.p99Ms), errors: values.errors, quick: values.quick, result: JSON.stringify(values.result),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

// ---- Runs ----

export async function recordReadinessRun(db: Handle, values: { districtId: number; schoolId: number | null; day: string; verdict: string; report: unknown; requestedBy: number | null; computedAt: string }): Promise<number> {
  const row = await db
    .insertInto('readiness_run')
    .values({ district_id: values.districtId, school_id: values.schoolId, day: values.day, verdict: values.verdict, report: JSON.stringify(values.report), requested_by: values.requestedBy, computed_at: new Date(values.computedAt) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The last runs for the district (school null) or a school, newest first. */
export function readinessRuns(db: Handle, districtId: number, schoolId: number | null, limit: number) {
  return db
    .selectFrom('readiness_run')
    .select(['id', sql<string>`day::text`.as('day'), 'verdict', 'report', 'computed_at'])
    .where('district_id', '=', districtId)
    .where((eb) => (schoolId === null ? eb('school_id', 'is', null) : eb('school_id', '=', schoolId)))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
