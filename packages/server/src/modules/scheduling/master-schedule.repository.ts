import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { districtToday } from '../../clock.ts';
import type { Handle } from '../../db/handle.ts';

export interface MasterSection {
  id: number;
  code: string;
  courseId: number;
  courseCode: string;
  title: string;
  honors: string;
  roomType: string;
  department: string | null;
  nextSemesterCourseId: number | null;
  capacity: number;
  locked: boolean;
  program: string | null;
  version: number;
  roomId: number | null;
  staffId: number | null;
  /** Its meetings, `S1-P3`, term by term. */
  slots: string[];
  enrolled: number;
}

export interface MasterTeacher {
  staffId: number;
  localId: string;
  name: string;
  maxSections: number;
  courseIds: Set<number>;
  unavailableSlots: Set<string>;
}

export interface MasterRoom {
  id: number;
  code: string;
  name: string | null;
  type: string;
  capacity: number;
}

/** A school's master schedule for a year, with what judging and rebuilding it needs. */
export interface MasterScheduleData {
  schoolId: number;
  schoolYearId: number;
  terms: Array<{ id: number; code: string }>;
  periods: Array<{ id: number; code: string; name: string }>;
  sections: MasterSection[];
  teachers: MasterTeacher[];
  rooms: MasterRoom[];
}

const DEFAULT_MAX_SECTIONS = 5;

export async function loadMasterSchedule(db: Handle, districtId: number, schoolId: number, schoolYearId: number, today?: string): Promise<MasterScheduleData> {
  // A section's teacher is the one assigned on the district's today (a build job has no request to ask).
  const day = today ?? (await districtToday(db, districtId));
  const [terms, periods, sectionRows, rooms] = await Promise.all([
    db.selectFrom('term').select(['id', 'code']).where('district_id', '=', districtId).where('school_year_id', '=', schoolYearId).where('code', 'in', ['S1', 'S2']).orderBy('code').execute(),
    db.selectFrom('period').select(['id', 'code', 'name']).where('district_id', '=', districtId).where('school_id', '=', schoolId).orderBy('sort_order').execute(),
    sql<Omit<MasterSection, 'slots' | 'enrolled'> & { slots: string[] | null; enrolled: number }>`
      select s.id::int as "id", s.code as "code", c.id::int as "courseId", c.code as "courseCode", c.title as "title", c.honors as "honors",
        c.room_type as "roomType", c.department as "department", c.next_semester_course_id::int as "nextSemesterCourseId",
        s.capacity as "capacity", s.is_locked as "locked", s.program as "program", s.version as "version", s.room_id::int as "roomId",
        (select st.staff_id::int from section_teacher st where st.district_id = s.district_id and st.section_id = s.id and st.role = 'primary'
           and (st.end_date is null or st.end_date > ${day}::date) order by st.start_date desc limit 1) as "staffId",
        (select array_agg(t.code || '-' || p.code order by t.code, p.sort_order) from section_meeting m
           join term t on t.district_id = m.district_id and t.id = m.term_id
           join period p on p.district_id = m.district_id and p.id = m.period_id
           where m.district_id = s.district_id and m.section_id = s.id) as "slots",
        (select count(*)::int from section_roster r where r.district_id = s.district_id and r.section_id = s.id and r.end_date is null) as "enrolled"
      from section s join course c on c.district_id = s.district_id and c.id = s.course_id
      where s.district_id = ${districtId} and s.school_id = ${schoolId} and s.school_year_id = ${schoolYearId}
      order by s.code`.execute(db),
    db.selectFrom('room').select(['id', 'code', 'name', 'room_type as type', 'capacity']).where('district_id', '=', districtId).where('school_id', '=', schoolId).orderBy('code').execute(),
  ]);
  const sections = sectionRows.rows.map((s) => ({ ...s, slots: s.slots ?? [] }));
  return { schoolId, schoolYearId, terms, periods, sections, teachers: await schoolTeachers(db, districtId, schoolId, schoolYearId, sections), rooms };
}

/**
 * The school's teachers for the year: those assigned to teach there that year (or, for a year not
 * staffed yet, in the latest year that was), and anyone already teaching one of its sections.
 */
async function schoolTeachers(db: Handle, districtId: number, schoolId: number, schoolYearId: number, sections: MasterSection[]): Promise<MasterTeacher[]> {
  const { rows: assigned } = await sql<{ staff_id: number; max_sections: number | null }>`
    with years as (
      select a.school_year_id from staff_assignment a join school_year y on y.district_id = a.district_id and y.id = a.school_year_id
      where a.district_id = ${districtId} and a.school_id = ${schoolId} and a.role = 'teacher'
      order by (a.school_year_id = ${schoolYearId}) desc, y.start_date desc limit 1)
    select a.staff_id::int as staff_id, max(a.max_sections)::int as max_sections from staff_assignment a
    where a.district_id = ${districtId} and a.school_id = ${schoolId} and a.role = 'teacher' and a.school_year_id in (select school_year_id from years)
    group by a.staff_id`.execute(db);
  const maxSections = new Map(assigned.map((a) => [a.staff_id, a.max_sections ?? DEFAULT_MAX_SECTIONS]));
  for (const s of sections) if (s.staffId !== null && !maxSections.has(s.staffId)) maxSections.set(s.staffId, DEFAULT_MAX_SECTIONS);
  const ids = [...maxSections.keys()];
  if (ids.length === 0) return [];
  const [people, qualifications, unavailable] = await Promise.all([
    db.selectFrom('staff').select(['id', 'local_id', 'first_name', 'last_name']).where('district_id', '=', districtId).where('id', 'in', ids).execute(),
    db.selectFrom('staff_course_qualification').select(['staff_id', 'course_id']).where('district_id', '=', districtId).where('staff_id', 'in', ids).execute(),
    db
      .selectFrom('staff_unavailable_slot as u')
      .innerJoin('term as t', (join) => join.onRef('t.district_id', '=', 'u.district_id').onRef('t.id', '=', 'u.term_id'))
      .innerJoin('period as p', (join) => join.onRef('p.district_id', '=', 'u.district_id').onRef('p.id', '=', 'u.period_id'))
      .select(['u.staff_id', sql<string>`t.code || '-' || p.code`.as('slot')])
      .where('u.district_id', '=', districtId)
      .where('u.school_year_id', '=', schoolYearId)
      .where('u.staff_id', 'in', ids)
      .execute(),
  ]);
  return people
    .map((p) => ({
      staffId: p.id,
      localId: p.local_id,
      name: `${p.last_name}, ${p.first_name}`,
      maxSections: maxSections.get(p.id)!,
      courseIds: new Set(qualifications.filter((q) => q.staff_id === p.id).map((q) => q.course_id)),
      unavailableSlots: new Set(unavailable.filter((u) => u.staff_id === p.id).map((u) => u.slot)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * What the master schedule is, in one string: a build or a preview made from it is stale once
 * any section's time, teacher, room, lock or count changed.
 */
export function masterScheduleFingerprint(data: MasterScheduleData): string {
  const hash = createHash('sha256');
  for (const s of data.sections) hash.update(`${s.id}:${s.version}:${s.slots.join(',')}:${s.staffId}:${s.roomId}:${s.locked}:${s.capacity}\n`);
  return hash.digest('hex').slice(0, 32);
}

/** A section's term: `year` when it meets in every term, else the one term it meets in. */
export function sectionTerm(section: Pick<MasterSection, 'slots'>): string | null {
  const terms = [...new Set(section.slots.map((slot) => slot.split('-')[0]!))];
  if (terms.length === 0) return null;
  return terms.length > 1 ? 'year' : terms[0]!;
}

export function slotPeriod(slot: string): string {
  return slot.slice(slot.indexOf('-') + 1);
}

/** A section as the master-schedule screen edits it. */
export function sectionForEdit(db: Handle, districtId: number, sectionId: number) {
  return db.selectFrom('section').select(['id', 'school_id', 'school_year_id', 'code', 'version', 'is_locked']).where('district_id', '=', districtId).where('id', '=', sectionId).executeTakeFirst();
}

/** Held until the edit commits: a build's commit or another hand move waits for it. */
export async function lockSectionRow(db: Handle, districtId: number, sectionId: number): Promise<void> {
  await sql`select id from section where district_id = ${districtId} and id = ${sectionId} for update`.execute(db);
}

/** Locks or unlocks a section if it is still at the version the administrator saw; undefined when it is not. */
export function setSectionLocked(db: Handle, districtId: number, sectionId: number, locked: boolean, expectedVersion: number) {
  return db
    .updateTable('section')
    .set({ is_locked: locked, version: sql`version + 1` })
    .where('district_id', '=', districtId)
    .where('id', '=', sectionId)
    .where('version', '=', expectedVersion)
    .returning(['version', 'is_locked'])
    .executeTakeFirst();
}

/** The other sections now held by the students of a section, to find who a move would double-book. */
export async function classmatesOtherSections(db: Handle, districtId: number, sectionId: number) {
  const { rows } = await sql<{ student_id: number; section_id: number }>`
    select r2.student_id::int as student_id, r2.section_id::int as section_id from section_roster r1
    join section_roster r2 on r2.district_id = r1.district_id and r2.student_id = r1.student_id and r2.end_date is null and r2.section_id <> r1.section_id
    where r1.district_id = ${districtId} and r1.section_id = ${sectionId} and r1.end_date is null`.execute(db);
  return rows;
}

export async function schoolYearsNamed(db: Handle, districtId: number, names: readonly string[]) {
  return db.selectFrom('school_year').select(['id', 'name']).where('district_id', '=', districtId).where('name', 'in', [...names]).execute();
}

export async function sectionCountInYear(db: Handle, districtId: number, schoolId: number, schoolYearId: number): Promise<number> {
  const { n } = await db.selectFrom('section').select(sql<number>`count(*)::int`.as('n')).where('district_id', '=', districtId).where('school_id', '=', schoolId).where('school_year_id', '=', schoolYearId).executeTakeFirstOrThrow();
  return n;
}

/** The first day of a school year's terms; null while the year has no terms. */
export async function firstTermStart(db: Handle, districtId: number, schoolYearId: number): Promise<string | null> {
  const { d } = await db.selectFrom('term').select(sql<string | null>`min(start_date)::text`.as('d')).where('district_id', '=', districtId).where('school_year_id', '=', schoolYearId).executeTakeFirstOrThrow();
  return d;
}

/** A school's sections of one year copied into another, each paired with its copy. */
export async function copySections(db: Handle, districtId: number, schoolId: number, fromYearId: number, toYearId: number) {
  const { rows } = await sql<{ old_id: number; new_id: number }>`
    with source as (
      select s.* from section s where s.district_id = ${districtId} and s.school_id = ${schoolId} and s.school_year_id = ${fromYearId}
    ), inserted as (
      insert into section (district_id, school_id, school_year_id, course_id, code, capacity, room_id, is_locked, program)
      select district_id, school_id, ${toYearId}, course_id, code, capacity, room_id, is_locked, program from source order by id
      returning id, code
    )
    select source.id as old_id, inserted.id as new_id from source join inserted on inserted.code = source.code`.execute(db);
  return rows;
}

/** The copied sections meet in the same periods, in the new year's terms of the same codes. */
export async function copyMeetings(db: Handle, districtId: number, pairs: { old: number[]; new: number[] }, toYearId: number) {
  await sql`
    insert into section_meeting (district_id, section_id, term_id, period_id, days)
    select m.district_id, p.new_id, nt.id, m.period_id, m.days
    from unnest(${pairs.old}::bigint[], ${pairs.new}::bigint[]) as p(old_id, new_id)
    join section_meeting m on m.district_id = ${districtId} and m.section_id = p.old_id
    join term ot on ot.district_id = m.district_id and ot.id = m.term_id
    join term nt on nt.district_id = m.district_id and nt.school_year_id = ${toYearId} and nt.code = ot.code`.execute(db);
}

/** The copied sections keep their current teachers, from the new year's first day. */
export async function copyTeachers(db: Handle, districtId: number, pairs: { old: number[]; new: number[] }, startDate: string) {
  await sql`
    insert into section_teacher (district_id, section_id, staff_id, role, start_date)
    select t.district_id, p.new_id, t.staff_id, t.role, ${startDate}::date
    from unnest(${pairs.old}::bigint[], ${pairs.new}::bigint[]) as p(old_id, new_id)
    join section_teacher t on t.district_id = ${districtId} and t.section_id = p.old_id and t.end_date is null`.execute(db);
}
