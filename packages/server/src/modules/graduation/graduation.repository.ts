import { sql, type Insertable } from 'kysely';
import type { CourseRequestAlternateTable, CourseRequestTable } from '../../db/schema.ts';
import type { AgArea, MarkValue, Subject } from '@homeroom/core/formats/transcript';
import type { CatalogCourse } from '@homeroom/core/graduation/course-requests';
import type { Prerequisite } from '@homeroom/core/graduation/course-standing';
import { DEFAULT_REQUIREMENT_SET, requirementSets } from '@homeroom/core/graduation/requirement-sets';
import type { RequirementSet } from '@homeroom/core/graduation/requirement-set';
import type { Actor } from '../../auth/roles.ts';
import { studentScope } from '../../auth/access.ts';
import type { Handle } from '../../db/handle.ts';

/** A course request's alternates as course codes, most wanted first; the request is aliased `q`. */
export const alternateCodes = sql<string[]>`coalesce((select array_agg(ac.code order by a.preference) from course_request_alternate a
  join course ac on ac.district_id = a.district_id and ac.id = a.course_id
  where a.district_id = q.district_id and a.course_request_id = q.id), '{}')`.as('alternates');

/**
 * The other courses that meet a prerequisite (the course aliased `c`): the same course of the
 * state's catalog (its state course code) in the same semester of its year, at the same level, or
 * at any level when the prerequisite is not an honors course: Algebra 2 Honors B meets Algebra 2
 * B, never Algebra 2 A, and Algebra 2 B does not meet Algebra 2 Honors B. Retired courses count:
 * a student's mark in one still does.
 */
export const prerequisiteAlsoMetBy = sql<string[]>`coalesce((select array_agg(o.code order by o.code) from course o
  where o.district_id = c.district_id and o.id <> c.id and o.state_code = c.state_code
    and (c.honors = 'none' or o.honors = c.honors)
    and (o.next_semester_course_id is null) = (c.next_semester_course_id is null)
    and exists (select 1 from course f where f.district_id = o.district_id and f.next_semester_course_id = o.id)
      = exists (select 1 from course f where f.district_id = c.district_id and f.next_semester_course_id = c.id)), '{}')`.as('also_met_by');

/** The catalog as course requests read it: active courses with their sequences. */
export async function requestCatalog(db: Handle, districtId: number): Promise<CatalogCourse[]> {
  const prerequisites = await db
    .selectFrom('course_prerequisite as p')
    .innerJoin('course as c', (join) => join.onRef('c.district_id', '=', 'p.district_id').onRef('c.id', '=', 'p.prerequisite_course_id'))
    .select(['p.course_id', 'c.code', 'p.minimum_mark', prerequisiteAlsoMetBy])
    .where('p.district_id', '=', districtId)
    .execute();
  const prerequisitesOf = new Map<number, Prerequisite[]>();
  for (const p of prerequisites) prerequisitesOf.set(p.course_id, [...(prerequisitesOf.get(p.course_id) ?? []), { course: p.code, minimumMark: p.minimum_mark as MarkValue, alsoMetBy: p.also_met_by }]);
  const rows = await db
    .selectFrom('course as c')
    .leftJoin('course as n', (join) => join.onRef('n.district_id', '=', 'c.district_id').onRef('n.id', '=', 'c.next_semester_course_id'))
    .select((eb) => [
      'c.id', 'c.code', 'c.title', 'c.credits', 'c.ag_area', 'c.subject', 'c.graduation_tags', 'c.language', 'c.low_grade', 'c.high_grade', 'c.repeatable_for_credit', 'n.code as next_code',
      eb
        .selectFrom('course_sequence as q')
        .innerJoin('course as t', (join) => join.onRef('t.district_id', '=', 'q.district_id').onRef('t.id', '=', 'q.to_course_id'))
        .select(sql<string[]>`coalesce(array_agg(t.code order by q.preference), '{}')`.as('f'))
        .whereRef('q.district_id', '=', 'c.district_id')
        .whereRef('q.from_course_id', '=', 'c.id')
        .as('followed_by'),
    ])
    .where('c.district_id', '=', districtId)
    .where('c.active', '=', true)
    .orderBy('c.code')
    .execute();
  return rows.map((r) => ({
    code: r.code, title: r.title, credits: Number(r.credits), ag: r.ag_area as AgArea | null, subject: r.subject as Subject | null, tags: r.graduation_tags, language: r.language,
    lowGrade: r.low_grade, highGrade: r.high_grade, nextSemester: r.next_code, followedBy: r.followed_by ?? [], repeatableForCredit: r.repeatable_for_credit, prerequisites: prerequisitesOf.get(r.id) ?? [],
  }));
}

/** The requirement set of each student's graduating class: the district decides it per cohort. */
export async function requirementSetsFor(db: Handle, districtId: number): Promise<(cohort: number | null) => RequirementSet> {
  const rows = await db.selectFrom('cohort_requirement_set').select(['cohort', 'requirement_set']).where('district_id', '=', districtId).execute();
  const byCohort = new Map(rows.map((r) => [r.cohort, r.requirement_set]));
  return (cohort) => {
    const name = (cohort !== null ? byCohort.get(cohort) : undefined) ?? DEFAULT_REQUIREMENT_SET;
    return requirementSets.has(name) ? requirementSets.get(name) : requirementSets.get(DEFAULT_REQUIREMENT_SET);
  };
}

/** The school a student attends now (the open enrollment, the latest if there were two). */
export function currentEnrollment(db: Handle, districtId: number, studentId: number) {
  return db
    .selectFrom('enrollment')
    .select('school_id')
    .where('district_id', '=', districtId)
    .where('student_id', '=', studentId)
    .where('exit_date', 'is', null)
    .orderBy('entry_date', 'desc')
    .executeTakeFirst();
}

/**
 * The students enrolled at a school on the actor's day from a grade up, that the actor may see:
 * the candidates of a graduation list, in name order.
 */
export function enrolledForGraduationList(db: Handle, actor: Actor, schoolId: number, fromGrade: number) {
  return db
    .selectFrom('enrollment as e')
    .innerJoin('student as s', (join) => join.onRef('s.district_id', '=', 'e.district_id').onRef('s.id', '=', 'e.student_id'))
    .select(['s.id', 's.local_id', 's.first_name', 's.last_name', 'e.grade_level'])
    .where('e.district_id', '=', actor.districtId)
    .where('e.school_id', '=', schoolId)
    .where('e.grade_level', '>=', fromGrade)
    .where(sql<boolean>`e.entry_date <= ${actor.today}::date and (e.exit_date is null or e.exit_date > ${actor.today}::date)`)
    .where(studentScope(actor, sql.ref('s.id')))
    .orderBy('s.last_name')
    .orderBy('s.first_name')
    .orderBy('s.id')
    .execute();
}

/** The students of a school this year who will request courses for next year (grades 8–11, still enrolled). */
export function studentsRequestingNextYear(db: Handle, districtId: number, schoolId: number, schoolYearId: number) {
  return db
    .selectFrom('enrollment')
    .select('student_id')
    .distinct()
    .where('district_id', '=', districtId)
    .where('school_id', '=', schoolId)
    .where('school_year_id', '=', schoolYearId)
    .where('grade_level', '>=', 8)
    .where('grade_level', '<=', 11)
    .where('exit_date', 'is', null)
    .orderBy('student_id')
    .execute();
}

/** One request of a student's, with what an edit checks: its version and whether a rule was overridden. */
export function courseRequestOf(db: Handle, districtId: number, studentId: number, requestId: number) {
  return db.selectFrom('course_request').select(['course_id', 'version', 'override_reason']).where('district_id', '=', districtId).where('student_id', '=', studentId).where('id', '=', requestId).executeTakeFirst();
}

/** The courses of the catalog with these codes (those that exist). */
export async function coursesByCode(db: Handle, districtId: number, codes: string[]): Promise<Array<{ id: number; code: string }>> {
  if (codes.length === 0) return [];
  return db.selectFrom('course').select(['id', 'code']).where('district_id', '=', districtId).where('code', 'in', codes).execute();
}

/**
 * A counselor's edit of a request, only if it is still at the version the counselor saw: the
 * request becomes the counselor's. Undefined when someone changed it first.
 */
export function updateCourseRequest(db: Handle, districtId: number, requestId: number, expected: number, change: { required?: boolean; priority?: number; override_reason?: string; reason: string; updatedBy: number }) {
  const { updatedBy, ...fields } = change;
  return db
    .updateTable('course_request')
    .set({ ...fields, source: 'counselor', version: sql`version + 1`, updated_at: sql`now()`, updated_by: updatedBy })
    .where('district_id', '=', districtId)
    .where('id', '=', requestId)
    .where('version', '=', expected)
    .returning(['version'])
    .executeTakeFirst();
}

/** A request's alternates become these courses, in this order of preference. */
export async function replaceAlternates(db: Handle, districtId: number, requestId: number, courseIds: number[]): Promise<void> {
  await db.deleteFrom('course_request_alternate').where('district_id', '=', districtId).where('course_request_id', '=', requestId).execute();
  if (courseIds.length) await db.insertInto('course_request_alternate').values(courseIds.map((courseId, i) => ({ district_id: districtId, course_request_id: requestId, course_id: courseId, preference: i + 1 }))).execute();
}

export async function requestsOf(db: Handle, districtId: number, studentId: number, schoolYearId: number) {
  return db
    .selectFrom('course_request as q')
    .innerJoin('course as c', (join) => join.onRef('c.district_id', '=', 'q.district_id').onRef('c.id', '=', 'q.course_id'))
    .select([
      'q.id', 'c.code', 'c.title', 'q.required', 'q.priority', 'q.source', 'q.reason', 'q.version', 'q.school_id', 'q.override_reason',
      alternateCodes,
    ])
    .where('q.district_id', '=', districtId)
    .where('q.student_id', '=', studentId)
    .where('q.school_year_id', '=', schoolYearId)
    .orderBy('q.required', 'desc')
    .orderBy('q.priority')
    .orderBy('q.id')
    .execute();
}

/** The catalog's course ids by code. */
export async function courseCodes(db: Handle, districtId: number) {
  return db.selectFrom('course').select(['id', 'code']).where('district_id', '=', districtId).execute();
}

/** Students' requests for a year as the generator reads them: the course, who asked, the alternates in order. */
export async function requestChoices(db: Handle, districtId: number, schoolYearId: number, studentIds: readonly number[]) {
  return db
    .selectFrom('course_request as q')
    .innerJoin('course as c', (join) => join.onRef('c.district_id', '=', 'q.district_id').onRef('c.id', '=', 'q.course_id'))
    .select(['q.student_id', 'c.code', 'q.source', alternateCodes])
    .where('q.district_id', '=', districtId)
    .where('q.school_year_id', '=', schoolYearId)
    .where('q.student_id', 'in', studentIds.length ? studentIds : [-1])
    .orderBy('q.priority')
    .execute();
}

/** The requests a new proposal replaces: those from the given sources (a counselor's own stay). */
export async function removeRequestsToReplace(db: Handle, districtId: number, schoolYearId: number, studentIds: readonly number[], sources: readonly string[]) {
  if (studentIds.length === 0) return;
  await db.deleteFrom('course_request').where('district_id', '=', districtId).where('school_year_id', '=', schoolYearId).where('student_id', 'in', studentIds).where('source', 'in', sources).execute();
}

/** Inserts requests, leaving a course the student already requests as it was. */
export async function insertCourseRequests(db: Handle, rows: readonly Insertable<CourseRequestTable>[]) {
  if (rows.length === 0) return [];
  return db
    .insertInto('course_request')
    .values(rows)
    .onConflict((oc) => oc.columns(['district_id', 'student_id', 'school_year_id', 'course_id']).doNothing())
    .returning(['id', 'student_id', 'course_id'])
    .execute();
}

export async function insertRequestAlternates(db: Handle, rows: readonly Insertable<CourseRequestAlternateTable>[]) {
  if (rows.length) await db.insertInto('course_request_alternate').values(rows).onConflict((oc) => oc.doNothing()).execute();
}

/** Courses with their repeat rule, by id. */
export async function coursesWithRepeatRule(db: Handle, districtId: number, courseIds: readonly number[]) {
  return db.selectFrom('course').select(['id', 'code', 'title', 'repeatable_for_credit']).where('district_id', '=', districtId).where('id', 'in', [...courseIds]).execute();
}

/** The prerequisites of courses, with the minimum mark each asks and the courses that also meet it. */
export async function prerequisitesOf(db: Handle, districtId: number, courseIds: readonly number[]) {
  return db
    .selectFrom('course_prerequisite as p')
    .innerJoin('course as c', (join) => join.onRef('c.district_id', '=', 'p.district_id').onRef('c.id', '=', 'p.prerequisite_course_id'))
    .select(['p.course_id', 'c.code', 'c.title', 'p.minimum_mark', prerequisiteAlsoMetBy])
    .where('p.district_id', '=', districtId)
    .where('p.course_id', 'in', [...courseIds])
    .orderBy('c.code')
    .execute();
}

export interface AuditRow {
  student: number;
  set: string;
  diploma: boolean;
  ag: boolean;
  onTrack: boolean;
  /** The audit summary, kept as it serializes to JSON. */
  document: unknown;
}

/**
 * Keeps a batch's audits in one statement, one row per student and requirement set. The batch
 * travels as one JSON text: as a text[] parameter each document was escaped element by element
 * by node-postgres, which cost a district recompute's worker more than serializing them.
 */
export async function saveAudits(db: Handle, districtId: number, rows: readonly AuditRow[]) {
  if (rows.length === 0) return;
  await sql`
    insert into graduation_audit (district_id, student_id, requirement_set, diploma_met, ag_met, on_track, document, computed_at)
    select ${districtId}, u.student, u.set, u.diploma, u.ag, u."onTrack", u.document, now()
    from json_to_recordset(${JSON.stringify(rows)}::json) as u(student bigint, set text, diploma boolean, ag boolean, "onTrack" boolean, document jsonb)
    on conflict (district_id, student_id, requirement_set) do update set diploma_met = excluded.diploma_met, ag_met = excluded.ag_met,
      on_track = excluded.on_track, document = excluded.document, computed_at = excluded.computed_at`.execute(db);
}
