import { sql } from 'kysely';
import type { Handle } from '../../db/handle.ts';

// These queries only gather the inputs of the core's rules (days taught, enrollment spans, full-day
// absences): the figures themselves are computed by @homeroom/core, never in SQL.

export async function instructionalDays(db: Handle, districtId: number, schoolId: number, from: string, through: string): Promise<string[]> {
  const rows = await db
    .selectFrom('calendar_day')
    .select('day')
    .where('district_id', '=', districtId)
    .where('school_id', '=', schoolId)
    .where('is_instructional', '=', true)
    .where('day', '>=', from)
    .where('day', '<=', through)
    .orderBy('day')
    .execute();
  return rows.map((r) => r.day);
}

/** Primary enrollments at the school that overlap the dates; a concurrent enrollment is counted where it is primary. */
export async function enrollmentSpans(db: Handle, districtId: number, schoolId: number, from: string, through: string) {
  const rows = await db
    .selectFrom('enrollment')
    .select(['student_id', 'entry_date', 'exit_date'])
    .where('district_id', '=', districtId)
    .where('school_id', '=', schoolId)
    .where('is_primary', '=', true)
    .where('entry_date', '<=', through)
    .where((eb) => eb.or([eb('exit_date', 'is', null), eb('exit_date', '>', from)]))
    .execute();
  return rows.map((r) => ({ studentId: r.student_id, start: r.entry_date, end: r.exit_date }));
}

export async function fullDayAbsences(db: Handle, districtId: number, schoolId: number, from: string, through: string) {
  const rows = await db
    .selectFrom('daily_attendance')
    .select(['student_id', 'day'])
    .where('district_id', '=', districtId)
    .where('school_id', '=', schoolId)
    .where('status', '=', 'absent')
    .where('day', '>=', from)
    .where('day', '<=', through)
    .execute();
  return rows.map((r) => ({ studentId: r.student_id, day: r.day }));
}

export async function findSchool(db: Handle, districtId: number, schoolId: number) {
  return db
    .selectFrom('school as s')
    .select(['s.id', 's.name', 's.code', 's.attendance_mode'])
    .where('s.district_id', '=', districtId)
    .where('s.id', '=', schoolId)
    .executeTakeFirst();
}

export interface SectionMeetingTaken {
  school_id: number;
  section_id: number;
  section_code: string;
  course_title: string;
  period_code: string | null;
  teachers: Array<{ staffId: number; name: string }> | null;
  taken: boolean;
}

/**
 * Every class meeting on a day at the given schools — sections with students on the roster that
 * day, in the term covering it, on that weekday, at a school in session — and whether attendance
 * was taken for it (a daily-mode school's taking covers the whole day).
 */
export async function meetingsOn(db: Handle, districtId: number, day: string, weekday: string, schoolIds: number[] | 'all'): Promise<SectionMeetingTaken[]> {
  const inSchools = schoolIds === 'all' ? sql`true` : schoolIds.length ? sql`s.school_id in (${sql.join(schoolIds)})` : sql`false`;
  const { rows } = await sql<SectionMeetingTaken>`
    select s.school_id, s.id as section_id, s.code as section_code, c.title as course_title, p.code as period_code,
      (select json_agg(json_build_object('staffId', st.id, 'name', st.first_name || ' ' || st.last_name) order by t.role, st.last_name)
         from section_teacher t join staff st on st.district_id = t.district_id and st.id = t.staff_id
        where t.district_id = s.district_id and t.section_id = s.id and t.start_date <= ${day}::date and (t.end_date is null or t.end_date > ${day}::date)) as teachers,
      exists (select 1 from attendance_taking a where a.district_id = s.district_id and a.section_id = s.id and a.day = ${day}::date
              and (a.period_id = m.period_id or a.period_id is null)) as taken
    from section s
    join school sc on sc.district_id = s.district_id and sc.id = s.school_id
    join calendar_day cd on cd.district_id = s.district_id and cd.school_id = s.school_id and cd.day = ${day}::date and cd.is_instructional
    join course c on c.district_id = s.district_id and c.id = s.course_id
    join section_meeting m on m.district_id = s.district_id and m.section_id = s.id and position(${weekday} in m.days) > 0
    join term tm on tm.district_id = m.district_id and tm.id = m.term_id and tm.start_date <= ${day}::date and tm.end_date >= ${day}::date
    join period p on p.district_id = m.district_id and p.id = m.period_id
    where s.district_id = ${districtId} and ${inSchools}
      and exists (select 1 from section_roster r where r.district_id = s.district_id and r.section_id = s.id
                  and r.start_date <= ${day}::date and (r.end_date is null or r.end_date > ${day}::date))
    order by s.school_id, p.sort_order, s.code`.execute(db);
  return rows;
}

/** The current school year's first and last days. */
export function currentSchoolYearDates(db: Handle, districtId: number) {
  return db.selectFrom('school_year').select(['start_date', 'end_date']).where('district_id', '=', districtId).where('is_current', '=', true).executeTakeFirst();
}

/** A school's calendar entry for a day: whether it was taught, and why not. */
export function calendarDayOf(db: Handle, districtId: number, schoolId: number, day: string) {
  return db.selectFrom('calendar_day').select(['is_instructional', 'note', 'day_type']).where('district_id', '=', districtId).where('school_id', '=', schoolId).where('day', '=', day).executeTakeFirst();
}

/** The district's schools in code order. */
export function districtSchools(db: Handle, districtId: number) {
  return db.selectFrom('school').select(['id', 'name', 'code']).where('district_id', '=', districtId).orderBy('code').execute();
}
