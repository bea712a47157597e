import { sql } from 'kysely';
import { alternateCodes } from '../graduation/graduation.repository.ts';
import type { Handle } from '../../db/handle.ts';
import { studentScope } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';

/** The school's sections for a year, each with its slots ('S1-P3'), teacher and room. */
export async function sectionsWithSlots(db: Handle, districtId: number, schoolId: number, schoolYearId: number) {
  return db
    .selectFrom('section as s')
    .innerJoin('course as c', (join) => join.onRef('c.district_id', '=', 's.district_id').onRef('c.id', '=', 's.course_id'))
    .leftJoin('room as r', (join) => join.onRef('r.district_id', '=', 's.district_id').onRef('r.id', '=', 's.room_id'))
    .select((eb) => [
      's.id', 's.code', 's.capacity', 's.is_locked', 's.program', 'c.id as course_id', 'c.code as course_code', 'c.title as course_title', 'c.honors', 'r.code as room',
      eb
        .selectFrom('section_meeting as m')
        .innerJoin('term as t', (join) => join.onRef('t.district_id', '=', 'm.district_id').onRef('t.id', '=', 'm.term_id'))
        .innerJoin('period as p', (join) => join.onRef('p.district_id', '=', 'm.district_id').onRef('p.id', '=', 'm.period_id'))
        .select(sql<string[]>`coalesce(array_agg(t.code || '-' || p.code order by t.code, p.sort_order), '{}')`.as('slots'))
        .whereRef('m.district_id', '=', 's.district_id')
        .whereRef('m.section_id', '=', 's.id')
        .as('slots'),
      eb
        .selectFrom('section_teacher as st')
        .innerJoin('staff as t', (join) => join.onRef('t.district_id', '=', 'st.district_id').onRef('t.id', '=', 'st.staff_id'))
        .select('t.local_id')
        .whereRef('st.district_id', '=', 's.district_id')
        .whereRef('st.section_id', '=', 's.id')
        .where('st.role', '=', 'primary')
        .orderBy('st.start_date', 'desc')
        .limit(1)
        .as('teacher'),
    ])
    .where('s.district_id', '=', districtId)
    .where('s.school_id', '=', schoolId)
    .where('s.school_year_id', '=', schoolYearId)
    .orderBy('s.code')
    .execute();
}

export type SectionWithSlots = Awaited<ReturnType<typeof sectionsWithSlots>>[number];

/**
 * The students to schedule at a school for a year: those enrolled there that year, and those with
 * course requests there for it (next year's students are not enrolled yet). A student not yet
 * enrolled is taken to be one grade up from their current grade.
 */
export async function schoolStudents(db: Handle, districtId: number, schoolId: number, schoolYearId: number) {
  // From the school's own enrollment and requests to the students, never the other way: a school's
  // read must not grow with the district (a scan of 650,000 students for each of 240 schools). The
  // ids come first so that the planner knows how few they are.
  const here = await sql<{ student_id: number }>`
    select e.student_id from enrollment e where e.district_id = ${districtId} and e.school_id = ${schoolId} and e.school_year_id = ${schoolYearId} and e.exit_date is null
    union
    select q.student_id from course_request q where q.district_id = ${districtId} and q.school_id = ${schoolId} and q.school_year_id = ${schoolYearId}`.execute(db);
  if (here.rows.length === 0) return [];
  const { rows } = await sql<{ id: number; local_id: string; grade_level: number }>`
    select s.id, s.local_id,
      coalesce(max(e.grade_level) filter (where e.school_id = ${schoolId} and e.school_year_id = ${schoolYearId}), max(e.grade_level) + 1)::int as grade_level
    from student s
    left join enrollment e on e.district_id = s.district_id and e.student_id = s.id and e.exit_date is null
    where s.district_id = ${districtId} and s.id = any(${here.rows.map((r) => r.student_id)}::bigint[])
    group by s.id, s.local_id
    order by s.id`.execute(db);
  return rows;
}

export async function requestsFor(db: Handle, districtId: number, schoolId: number, schoolYearId: number) {
  return db
    .selectFrom('course_request as q')
    .innerJoin('course as c', (join) => join.onRef('c.district_id', '=', 'q.district_id').onRef('c.id', '=', 'q.course_id'))
    .select([
      'q.id', 'q.student_id', 'q.required', 'q.priority', 'c.code as course_code', 'c.id as course_id', 'q.override_reason',
      alternateCodes,
    ])
    .where('q.district_id', '=', districtId)
    .where('q.school_id', '=', schoolId)
    .where('q.school_year_id', '=', schoolYearId)
    .orderBy('q.student_id')
    .orderBy('q.priority')
    .orderBy('q.id')
    .execute();
}

export async function unavailableSlotsFor(db: Handle, districtId: number, schoolYearId: number, studentIds: number[]) {
  if (studentIds.length === 0) return [];
  return db
    .selectFrom('student_unavailable_slot as u')
    .innerJoin('term as t', (join) => join.onRef('t.district_id', '=', 'u.district_id').onRef('t.id', '=', 'u.term_id'))
    .innerJoin('period as p', (join) => join.onRef('p.district_id', '=', 'u.district_id').onRef('p.id', '=', 'u.period_id'))
    .select(['u.student_id', sql<string>`t.code || '-' || p.code`.as('slot')])
    .where('u.district_id', '=', districtId)
    .where('u.school_year_id', '=', schoolYearId)
    .where('u.student_id', 'in', studentIds)
    .execute();
}

/** Open roster rows in the school's sections of the year: the schedules as they stand. */
export async function currentRosters(db: Handle, districtId: number, schoolId: number, schoolYearId: number) {
  return db
    .selectFrom('section_roster as r')
    .innerJoin('section as s', (join) => join.onRef('s.district_id', '=', 'r.district_id').onRef('s.id', '=', 'r.section_id'))
    .select(['r.id', 'r.student_id', 'r.section_id', 's.is_locked'])
    .where('r.district_id', '=', districtId)
    .where('s.school_id', '=', schoolId)
    .where('s.school_year_id', '=', schoolYearId)
    .where('r.end_date', 'is', null)
    .execute();
}

export async function schoolPeriodSlots(db: Handle, districtId: number, schoolId: number, schoolYearId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('term as t')
    .crossJoin('period as p')
    .select(sql<string>`t.code || '-' || p.code`.as('slot'))
    .where('t.district_id', '=', districtId)
    .where('t.school_year_id', '=', schoolYearId)
    .where('t.code', 'in', ['S1', 'S2'])
    .where('p.district_id', '=', districtId)
    .where('p.school_id', '=', schoolId)
    .orderBy('t.code')
    .orderBy('p.sort_order')
    .execute();
  return rows.map((r) => r.slot);
}

/** Each section's code, course title and meetings (one row per meeting), as schedules print them. */
export function sectionLabels(db: Handle, districtId: number, sectionIds: readonly number[]) {
  if (sectionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('section as s')
    .innerJoin('course as c', 'c.id', 's.course_id')
    .leftJoin('section_meeting as m', 'm.section_id', 's.id')
    .leftJoin('period as p', 'p.id', 'm.period_id')
    .leftJoin('term as t', 't.id', 'm.term_id')
    .select(['s.id', 's.code', 'c.title', 'p.code as period', 't.code as term'])
    .where('s.district_id', '=', districtId)
    .where('s.id', 'in', [...sectionIds])
    .execute();
}

/** The courses with these codes, with what the master-schedule checks group them by. */
export function courseKinds(db: Handle, districtId: number, courseCodes: readonly string[]) {
  if (courseCodes.length === 0) return Promise.resolve([]);
  return db.selectFrom('course').select(['code', 'title', 'honors', 'subject']).where('district_id', '=', districtId).where('code', 'in', [...courseCodes]).execute();
}

/** Each of the school's sections this year: its course and its program (English learners, ...). */
export function sectionProgramsOf(db: Handle, districtId: number, schoolId: number, schoolYearId: number) {
  return db
    .selectFrom('section as s')
    .innerJoin('course as c', (join) => join.onRef('c.district_id', '=', 's.district_id').onRef('c.id', '=', 's.course_id'))
    .select(['c.code', 's.program'])
    .where('s.district_id', '=', districtId)
    .where('s.school_id', '=', schoolId)
    .where('s.school_year_id', '=', schoolYearId)
    .execute();
}

/** Of these students, those enrolled at the school that year whom the actor may see, by name. */
export function enrolledStudentsInScope(db: Handle, actor: Actor, schoolId: number, schoolYearId: number, studentIds: readonly number[]) {
  if (studentIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('student as s')
    .innerJoin('enrollment as e', (j) => j.onRef('e.district_id', '=', 's.district_id').onRef('e.student_id', '=', 's.id'))
    .select(['s.id', 's.local_id', 's.first_name', 's.last_name', 'e.grade_level'])
    .where('s.district_id', '=', actor.districtId)
    .where('s.id', 'in', [...studentIds])
    .where('e.school_id', '=', schoolId)
    .where('e.school_year_id', '=', schoolYearId)
    .where(studentScope(actor, sql.ref('s.id')))
    .orderBy('s.last_name')
    .orderBy('s.first_name')
    .orderBy('s.id')
    .execute();
}
