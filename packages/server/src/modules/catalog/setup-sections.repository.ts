import { sql } from 'kysely';
import type { Handle } from '../../db/handle.ts';

/** The SQL of setting up a school's sections: the sections of a year with their place and fill, and what they depend on. */

export interface SectionRow {
  id: number;
  code: string;
  course_id: number;
  course_code: string;
  course_title: string;
  term_length: string;
  capacity: number;
  is_locked: boolean;
  program: string | null;
  version: number;
  room_id: number | null;
  room_code: string | null;
  staff_id: number | null;
  teacher_name: string | null;
  /** Each meeting as "termCode periodId periodCode". */
  meetings: string[] | null;
  enrolled: number;
}

/**
 * A school's sections of a year (or one of them), each with its meetings, its teacher now (the
 * primary teacher whose row has not ended), its room and how many students are in it on the day.
 */
export async function schoolSections(db: Handle, districtId: number, schoolId: number, schoolYearId: number, day: string, sectionId?: number): Promise<SectionRow[]> {
  const { rows } = await sql<SectionRow>`
    select s.id, s.code, s.course_id, c.code as course_code, c.title as course_title, c.term_length, s.capacity, s.is_locked, s.program, s.version,
      s.room_id, r.code as room_code, t.staff_id, t.teacher_name,
      (select array_agg(tm.code || ' ' || p.id || ' ' || p.code order by tm.start_date, p.sort_order)
        from section_meeting m join term tm on tm.district_id = m.district_id and tm.id = m.term_id join period p on p.district_id = m.district_id and p.id = m.period_id
        where m.district_id = s.district_id and m.section_id = s.id) as meetings,
      (select count(distinct e.student_id)::int from section_roster e where e.district_id = s.district_id and e.section_id = s.id
        and e.start_date <= greatest(${day}::date, y.start_date) and (e.end_date is null or e.end_date > greatest(${day}::date, y.start_date))) as enrolled
    from section s
    join school_year y on y.district_id = s.district_id and y.id = s.school_year_id
    join course c on c.district_id = s.district_id and c.id = s.course_id
    left join room r on r.district_id = s.district_id and r.id = s.room_id
    left join lateral (
      select st.staff_id, f.first_name || ' ' || f.last_name as teacher_name from section_teacher st join staff f on f.district_id = st.district_id and f.id = st.staff_id
      where st.district_id = s.district_id and st.section_id = s.id and st.role = 'primary' and st.end_date is null order by st.start_date desc limit 1) t on true
    where s.district_id = ${districtId} and s.school_id = ${schoolId} and s.school_year_id = ${schoolYearId}
      ${sectionId === undefined ? sql`` : sql`and s.id = ${sectionId}`}
    order by s.code`.execute(db);
  return rows;
}

export async function termsOfYear(db: Handle, districtId: number, schoolYearId: number) {
  return db.selectFrom('term').select(['id', 'code', 'name']).where('district_id', '=', districtId).where('school_year_id', '=', schoolYearId).orderBy('start_date').execute();
}

export async function roomsOfSchool(db: Handle, districtId: number, schoolId: number) {
  return db.selectFrom('room').select(['id', 'code', 'room_type', 'capacity']).where('district_id', '=', districtId).where('school_id', '=', schoolId).orderBy('code').execute();
}

/**
 * The school's teachers for a year: those with a teaching assignment there that year, or, before
 * next year's assignments are made, in the latest year that has them.
 */
export async function teachersOfSchool(db: Handle, districtId: number, schoolId: number, schoolYearId: number) {
  const { rows } = await sql<{ staff_id: number; name: string }>`
    with years as (
      select a.school_year_id from staff_assignment a join school_year y on y.district_id = a.district_id and y.id = a.school_year_id
      where a.district_id = ${districtId} and a.school_id = ${schoolId} and a.role = 'teacher'
      order by (a.school_year_id = ${schoolYearId}) desc, y.start_date desc limit 1)
    select distinct f.id::int as staff_id, f.last_name || ', ' || f.first_name as name from staff_assignment a join staff f on f.district_id = a.district_id and f.id = a.staff_id
    where a.district_id = ${districtId} and a.school_id = ${schoolId} and a.role = 'teacher' and a.school_year_id in (select school_year_id from years) and f.active
    order by name`.execute(db);
  return rows;
}

export async function sectionForUpdate(db: Handle, districtId: number, sectionId: number) {
  return db
    .selectFrom('section')
    .select(['id', 'school_id', 'school_year_id', 'course_id', 'code', 'capacity', 'room_id', 'is_locked', 'program', 'version'])
    .where('district_id', '=', districtId)
    .where('id', '=', sectionId)
    .forUpdate()
    .executeTakeFirst();
}

export async function sectionCodeTaken(db: Handle, districtId: number, schoolId: number, schoolYearId: number, code: string, exceptSectionId: number | null) {
  let query = db.selectFrom('section').select('id').where('district_id', '=', districtId).where('school_id', '=', schoolId).where('school_year_id', '=', schoolYearId).where('code', '=', code);
  if (exceptSectionId !== null) query = query.where('id', '<>', exceptSectionId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function marksInSection(db: Handle, districtId: number, sectionId: number): Promise<number> {
  return (await db.selectFrom('mark').select(sql<number>`count(*)::int`.as('n')).where('district_id', '=', districtId).where('section_id', '=', sectionId).executeTakeFirstOrThrow()).n;
}

/** Other sections of the school's year that meet in any of these (term, period) slots with this teacher or in this room. */
export async function sectionsInSlots(db: Handle, districtId: number, schoolYearId: number, slots: Array<{ termId: number; periodId: number }>, exceptSectionId: number | null, by: { staffId: number | null; roomId: number | null }) {
  if (slots.length === 0 || (by.staffId === null && by.roomId === null)) return [];
  const { rows } = await sql<{ code: string; staff_id: number | null; room_id: number | null }>`
    select distinct s.code, t.staff_id::int as staff_id, s.room_id::int as room_id from section s
    join section_meeting m on m.district_id = s.district_id and m.section_id = s.id
    left join section_teacher t on t.district_id = s.district_id and t.section_id = s.id and t.role = 'primary' and t.end_date is null
    where s.district_id = ${districtId} and s.school_year_id = ${schoolYearId} and s.id <> ${exceptSectionId ?? 0}
      and (m.term_id, m.period_id) in (select * from unnest(${slots.map((x) => x.termId)}::bigint[], ${slots.map((x) => x.periodId)}::bigint[]))
      and (t.staff_id = ${by.staffId ?? 0} or s.room_id = ${by.roomId ?? 0})
    order by s.code`.execute(db);
  return rows;
}

export interface SectionValues {
  courseId: number;
  code: string;
  capacity: number;
  locked: boolean;
  program: string | null;
}

export async function insertSection(db: Handle, districtId: number, schoolId: number, schoolYearId: number, v: SectionValues) {
  return (
    await db
      .insertInto('section')
      .values({ district_id: districtId, school_id: schoolId, school_year_id: schoolYearId, course_id: v.courseId, code: v.code, capacity: v.capacity, is_locked: v.locked, program: v.program })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

export async function updateSection(db: Handle, districtId: number, sectionId: number, expectedVersion: number, v: SectionValues) {
  return db
    .updateTable('section')
    .set({ course_id: v.courseId, code: v.code, capacity: v.capacity, is_locked: v.locked, program: v.program, version: sql`version + 1` })
    .where('district_id', '=', districtId)
    .where('id', '=', sectionId)
    .where('version', '=', expectedVersion)
    .returning('version')
    .executeTakeFirst();
}
