import { sql } from 'kysely';
import type { Handle } from '../../db/handle.ts';

/** The course catalog's SQL: the district's courses and their prerequisites. */

const courseColumns = [
  'id', 'code', 'title', sql<string>`credits::text`.as('credits'), 'subject', 'ag_area', 'language', 'honors', 'term_length', 'repeatable_for_credit',
  'low_grade', 'high_grade', 'room_type', 'department', 'active', 'version',
] as const;

/**
 * The district's courses whose code starts with the search, or whose title contains it, in code
 * order, at most `limit` of them (and how many match in all).
 */
export async function findCourses(db: Handle, districtId: number, search: string, limit: number) {
  let query = db.selectFrom('course').where('district_id', '=', districtId);
  if (search) {
    const like = search.replace(/[\\%_]/g, (c) => `\\${c}`);
    query = query.where((w) => w.or([w('code', 'ilike', `${like}%`), w(sql`lower(title)`, 'like', `%${like.toLowerCase()}%`)]));
  }
  // One after the other: the embedded database has one connection.
  const rows = await query.select([...courseColumns]).orderBy('code').limit(limit).execute();
  const total = rows.length < limit ? rows.length : (await query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
  return { rows, total };
}

export async function courseById(db: Handle, districtId: number, courseId: number, lock = false) {
  let query = db.selectFrom('course').select([...courseColumns]).where('district_id', '=', districtId).where('id', '=', courseId);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function coursesByCode(db: Handle, districtId: number, codes: string[]) {
  if (codes.length === 0) return [];
  return db.selectFrom('course').select(['id', 'code', 'title']).where('district_id', '=', districtId).where('code', 'in', codes).execute();
}

export async function prerequisitesOf(db: Handle, districtId: number, courseIds: number[]) {
  if (courseIds.length === 0) return [];
  return db
    .selectFrom('course_prerequisite as p')
    .innerJoin('course as c', (j) => j.onRef('c.district_id', '=', 'p.district_id').onRef('c.id', '=', 'p.prerequisite_course_id'))
    .select(['p.course_id', 'p.prerequisite_course_id', 'c.code', 'c.title', 'p.minimum_mark'])
    .where('p.district_id', '=', districtId)
    .where('p.course_id', 'in', courseIds)
    .orderBy('c.code')
    .execute();
}

export interface CourseValues {
  code: string;
  title: string;
  credits: string;
  subject: string | null;
  agArea: string | null;
  language: string | null;
  honors: string;
  termLength: string;
  repeatableForCredit: boolean;
  lowGrade: number;
  highGrade: number;
  roomKind: string;
  department: string | null;
  active: boolean;
}

const row = (v: CourseValues) => ({
  code: v.code, title: v.title, credits: v.credits, subject: v.subject, ag_area: v.agArea, language: v.language, honors: v.honors, term_length: v.termLength,
  repeatable_for_credit: v.repeatableForCredit, low_grade: v.lowGrade, high_grade: v.highGrade, room_type: v.roomKind, department: v.department, active: v.active,
});

export async function insertCourse(db: Handle, districtId: number, values: CourseValues) {
  return (await db.insertInto('course').values({ district_id: districtId, ...row(values) }).returning('id').executeTakeFirstOrThrow()).id;
}

/** Changes a course and moves it to its next version, only if it is still at the version seen. */
export async function updateCourse(db: Handle, districtId: number, courseId: number, expectedVersion: number, values: CourseValues) {
  return db.updateTable('course').set({ ...row(values), version: sql`version + 1` }).where('district_id', '=', districtId).where('id', '=', courseId).where('version', '=', expectedVersion).returning('version').executeTakeFirst();
}

export async function courseCodeTaken(db: Handle, districtId: number, code: string, exceptCourseId: number | null) {
  let query = db.selectFrom('course').select('id').where('district_id', '=', districtId).where('code', '=', code);
  if (exceptCourseId !== null) query = query.where('id', '<>', exceptCourseId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function replacePrerequisites(db: Handle, districtId: number, courseId: number, prerequisites: Array<{ courseId: number; minimumMark: string }>) {
  await db.deleteFrom('course_prerequisite').where('district_id', '=', districtId).where('course_id', '=', courseId).execute();
  if (prerequisites.length === 0) return;
  await db
    .insertInto('course_prerequisite')
    .values(prerequisites.map((p) => ({ district_id: districtId, course_id: courseId, prerequisite_course_id: p.courseId, minimum_mark: p.minimumMark })))
    .execute();
}

/** Whether `from` is reachable from `to` through prerequisites: making `to` a prerequisite of `from` would close a loop. */
export async function prerequisiteLoop(db: Handle, districtId: number, from: number, to: number): Promise<boolean> {
  const { rows } = await sql<{ found: boolean }>`
    with recursive chain (course_id) as (
      select prerequisite_course_id from course_prerequisite where district_id = ${districtId} and course_id = ${to}
      union
      select p.prerequisite_course_id from course_prerequisite p join chain c on p.course_id = c.course_id where p.district_id = ${districtId}
    )
    select exists (select 1 from chain where course_id = ${from}) as found`.execute(db);
  return rows[0]?.found ?? false;
}
