import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { createSmallDistrict } from './small-district.ts';

type World = Awaited<ReturnType<typeof createSmallDistrict>>;

/**
 * South High's catalog for the course rules (issue #15): Algebra 1A, Geometry A (Algebra 1A with
 * C or better first), Band (repeatable for credit) and Economics, one fall section of each in its
 * own period, and a way to enroll students at South (the counselor's school) with a transcript.
 */
export async function addCourseRulesSchool(db: Kysely<Database>, world: World) {
  const d = world.districtId;
  const school = world.schools.south;
  const year = (await db.selectFrom('school_year').select('id').where('district_id', '=', d).where('is_current', '=', true).executeTakeFirstOrThrow()).id;
  const nextYear = (await db.selectFrom('school_year').select('id').where('district_id', '=', d).where('name', '=', '2027-28').executeTakeFirstOrThrow()).id;
  const s1 = (await db.selectFrom('term').select('id').where('district_id', '=', d).where('school_year_id', '=', year).where('code', '=', 'S1').executeTakeFirstOrThrow()).id;
  const courseRows = await db
    .insertInto('course')
    .values([
      { district_id: d, code: '310101', title: 'ALGEBRA 1A', credits: '5', subject: 'math', ag_area: 'c' },
      { district_id: d, code: '310201', title: 'GEOMETRY A', credits: '5', subject: 'math', ag_area: 'c' },
      { district_id: d, code: '450101', title: 'BAND', credits: '5', subject: 'arts', ag_area: 'f', repeatable_for_credit: true },
      { district_id: d, code: '250101', title: 'ECONOMICS', credits: '5', subject: 'social', ag_area: 'g' },
    ])
    .returning(['id', 'code'])
    .execute();
  const courseId = (code: string) => courseRows.find((c) => c.code === code)!.id;
  const courses = { algebra: courseId('310101'), geometry: courseId('310201'), band: courseId('450101'), economics: courseId('250101') };
  await db.insertInto('course_prerequisite').values({ district_id: d, course_id: courses.geometry, prerequisite_course_id: courses.algebra, minimum_mark: 'C' }).execute();
  const sections: Record<keyof typeof courses, number> = { algebra: 0, geometry: 0, band: 0, economics: 0 };
  let period = 2;
  for (const [name, course] of Object.entries(courses) as Array<[keyof typeof courses, number]>) {
    const { id: periodId } = await db.insertInto('period').values({ district_id: d, school_id: school, code: `P${period}`, name: `Period ${period}`, sort_order: period }).returning('id').executeTakeFirstOrThrow();
    const { id } = await db.insertInto('section').values({ district_id: d, school_id: school, school_year_id: year, course_id: course, code: `${name.toUpperCase()}-01`, capacity: 30 }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('section_meeting').values({ district_id: d, section_id: id, term_id: s1, period_id: periodId }).execute();
    sections[name] = id;
    period++;
  }
  let next = 5000;
  /** A student at South this year with these marks ([course code, mark, school year, term]). */
  const student = async (marks: Array<[string, string, string, 'S1' | 'S2' | 'SU']>) => {
    const localId = String(next++);
    const { id } = await db.insertInto('student').values({ district_id: d, local_id: localId, first_name: `Student${localId}`, last_name: 'Rules', birth_date: '2009-02-02', gender: 'X', cohort: 2028 }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('enrollment').values({ district_id: d, student_id: id, school_id: school, school_year_id: year, grade_level: 11, entry_date: '2026-08-10', entry_code: 'E1' }).execute();
    if (marks.length) {
      await db
        .insertInto('transcript_entry')
        .values(marks.map(([code, mark, schoolYear, term]) => {
          const course = courseRows.find((c) => c.code === code)!;
          return { district_id: d, student_id: id, school_id: school, course_id: course.id, course_code: code, course_title: code, grade_level: 10, school_year: schoolYear, term, mark, credits: '5', source: 'historical' };
        }))
        .execute();
    }
    return id;
  };
  /** A request of the student for a course (this year for placement, next year by default). */
  const request = async (studentId: number, course: number, options: { year?: 'current' | 'next'; alternates?: number[]; required?: boolean; source?: string } = {}) => {
    const { id } = await db
      .insertInto('course_request')
      .values({ district_id: d, student_id: studentId, school_id: school, school_year_id: options.year === 'current' ? year : nextYear, course_id: course, required: options.required ?? true, priority: 1, source: options.source ?? 'import' })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (options.alternates?.length) await db.insertInto('course_request_alternate').values(options.alternates.map((a, i) => ({ district_id: d, course_request_id: id, course_id: a, preference: i + 1 }))).execute();
    return id;
  };
  return { courses, sections, student, request };
}

/** The newest audit row about a student. */
export async function lastAuditOf(db: Kysely<Database>, studentId: number) {
  return db.selectFrom('audit_event').select(['action', 'entity', 'reason', 'details']).where('student_id', '=', studentId).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
}
