import { sql, type Updateable } from 'kysely';
import type { StudentTable } from '../../db/schema.ts';
import { studentScope } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Handle } from '../../db/handle.ts';

export interface StudentSearch {
  search?: string;
  schoolId?: number;
  grade?: number;
  limit: number;
  offset: number;
  sort: 'name' | 'grade' | 'localId';
}

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Students the actor may see, with their current enrollment, filtered and paged. */
export async function searchStudents(db: Handle, actor: Actor, filter: StudentSearch) {
  let query = db
    .selectFrom('student as s')
    .innerJoin('enrollment as e', (join) =>
      join
        .onRef('e.district_id', '=', 's.district_id')
        .onRef('e.student_id', '=', 's.id')
        .on(sql<boolean>`e.entry_date <= ${actor.today}::date and (e.exit_date is null or e.exit_date > ${actor.today}::date) and e.is_primary`),
    )
    .innerJoin('school as sc', (join) => join.onRef('sc.district_id', '=', 'e.district_id').onRef('sc.id', '=', 'e.school_id'))
    .select(['s.id', 's.local_id', 's.first_name', 's.last_name', 's.preferred_name', 's.directory_opt_out', 'e.grade_level', 'sc.id as school_id', 'sc.name as school_name'])
    .where('s.district_id', '=', actor.districtId)
    .where(studentScope(actor, sql.ref('s.id')));
  if (filter.search) {
    const words = filter.search.trim().split(/\s+/).slice(0, 4);
    for (const word of words) {
      query = query.where((eb) =>
        eb.or([
          eb(sql`lower(s.last_name)`, 'like', likePattern(word)),
          eb(sql`lower(s.first_name)`, 'like', likePattern(word)),
          eb(sql`lower(coalesce(s.preferred_name, ''))`, 'like', likePattern(word)),
          eb('s.local_id', '=', word),
          eb('s.state_id', '=', word),
        ]),
      );
    }
  }
  if (filter.schoolId !== undefined) query = query.where('e.school_id', '=', filter.schoolId);
  if (filter.grade !== undefined) query = query.where('e.grade_level', '=', filter.grade);
  const ordered =
    filter.sort === 'grade'
      ? query.orderBy('e.grade_level').orderBy(sql`lower(s.last_name)`).orderBy('s.id')
      : filter.sort === 'localId'
        ? query.orderBy('s.local_id')
        : query.orderBy(sql`lower(s.last_name)`).orderBy(sql`lower(s.first_name)`).orderBy('s.id');
  return ordered.limit(filter.limit + 1).offset(filter.offset).execute();
}

export async function findStudent(db: Handle, districtId: number, studentId: number) {
  return db.selectFrom('student').selectAll().where('district_id', '=', districtId).where('id', '=', studentId).executeTakeFirst();
}

export async function enrollmentHistory(db: Handle, districtId: number, studentId: number) {
  return db
    .selectFrom('enrollment as e')
    .innerJoin('school as sc', (join) => join.onRef('sc.district_id', '=', 'e.district_id').onRef('sc.id', '=', 'e.school_id'))
    .innerJoin('school_year as y', (join) => join.onRef('y.district_id', '=', 'e.district_id').onRef('y.id', '=', 'e.school_year_id'))
    .select(['e.id', 'sc.id as school_id', 'sc.name as school_name', 'y.name as school_year', 'e.grade_level', 'e.entry_date', 'e.entry_code', 'e.exit_date', 'e.exit_code', 'e.version'])
    .where('e.district_id', '=', districtId)
    .where('e.student_id', '=', studentId)
    .orderBy('e.entry_date')
    .orderBy('e.id')
    .execute();
}

/** The student's sections on a date: the schedule as it stood then. */
export async function scheduleOn(db: Handle, districtId: number, studentId: number, date: string) {
  const day = sql`${date}::date`;
  return db
    .selectFrom('section_roster as r')
    .innerJoin('section as s', (join) => join.onRef('s.district_id', '=', 'r.district_id').onRef('s.id', '=', 'r.section_id'))
    .innerJoin('course as c', (join) => join.onRef('c.district_id', '=', 's.district_id').onRef('c.id', '=', 's.course_id'))
    .leftJoin('room as rm', (join) => join.onRef('rm.district_id', '=', 's.district_id').onRef('rm.id', '=', 's.room_id'))
    .select((eb) => [
      's.id as section_id',
      's.code as section_code',
      'c.code as course_code',
      'c.title as course_title',
      'rm.code as room',
      'r.start_date',
      eb
        .selectFrom('section_meeting as m')
        .innerJoin('term as t', (join) => join.onRef('t.district_id', '=', 'm.district_id').onRef('t.id', '=', 'm.term_id'))
        .innerJoin('period as p', (join) => join.onRef('p.district_id', '=', 'm.district_id').onRef('p.id', '=', 'm.period_id'))
        .select(sql<string[]>`array_agg(t.code || '-' || p.code order by t.code, p.sort_order)`.as('slots'))
        .whereRef('m.district_id', '=', 's.district_id')
        .whereRef('m.section_id', '=', 's.id')
        .as('slots'),
      eb
        .selectFrom('section_teacher as st')
        .innerJoin('staff as t', (join) => join.onRef('t.district_id', '=', 'st.district_id').onRef('t.id', '=', 'st.staff_id'))
        .select(sql<string>`string_agg(t.first_name || ' ' || t.last_name, ', ' order by st.role)`.as('teachers'))
        .whereRef('st.district_id', '=', 's.district_id')
        .whereRef('st.section_id', '=', 's.id')
        .where('st.end_date', 'is', null)
        .as('teachers'),
    ])
    .where('r.district_id', '=', districtId)
    .where('r.student_id', '=', studentId)
    .where(sql<boolean>`r.start_date <= ${day} and (r.end_date is null or r.end_date > ${day})`)
    .orderBy('s.code')
    .execute();
}

export async function guardiansOf(db: Handle, districtId: number, studentId: number) {
  return db
    .selectFrom('student_guardian as sg')
    .innerJoin('guardian as g', (join) => join.onRef('g.district_id', '=', 'sg.district_id').onRef('g.id', '=', 'sg.guardian_id'))
    .select(['g.id', 'g.first_name', 'g.last_name', 'g.email', 'g.phone', 'g.preferred_language', 'sg.relationship', 'sg.lives_with', 'sg.has_custody', 'sg.educational_rights', 'sg.access_restricted', 'sg.emergency_contact', 'sg.contact_order'])
    .where('sg.district_id', '=', districtId)
    .where('sg.student_id', '=', studentId)
    .orderBy('sg.contact_order')
    .execute();
}

/** Changes a student's record only at the version the user saw; undefined when someone saved in between. */
export async function updateStudentRecord(db: Handle, districtId: number, studentId: number, expectedVersion: number, changes: Updateable<StudentTable>) {
  return db
    .updateTable('student')
    .set({ ...changes, version: sql`version + 1`, updated_at: sql`now()` })
    .where('district_id', '=', districtId)
    .where('id', '=', studentId)
    .where('version', '=', expectedVersion)
    .returning(['version'])
    .executeTakeFirst();
}
