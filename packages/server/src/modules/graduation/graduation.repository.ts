import { sql, type Kysely, type Transaction } from 'kysely';
import type { AgArea, MarkValue, Subject } from '@homeroom/core/formats/transcript';
import type { CatalogCourse } from '@homeroom/core/graduation/course-requests';
import { DEFAULT_REQUIREMENT_SET, requirementSets } from '@homeroom/core/graduation/requirement-sets';
import type { RequirementSet } from '@homeroom/core/graduation/requirement-set';
import type { Database } from '../../db/schema.ts';

type Handle = Kysely<Database> | Transaction<Database>;

/** The catalog as course requests read it: active courses with their sequences. */
export async function requestCatalog(db: Handle, districtId: number): Promise<CatalogCourse[]> {
  const prerequisites = await db
    .selectFrom('course_prerequisite as p')
    .innerJoin('course as c', (join) => join.onRef('c.district_id', '=', 'p.district_id').onRef('c.id', '=', 'p.prerequisite_course_id'))
    .select(['p.course_id', 'c.code', 'p.minimum_mark'])
    .where('p.district_id', '=', districtId)
    .execute();
  const prerequisitesOf = new Map<number, Array<{ course: string; minimumMark: MarkValue }>>();
  for (const p of prerequisites) prerequisitesOf.set(p.course_id, [...(prerequisitesOf.get(p.course_id) ?? []), { course: p.code, minimumMark: p.minimum_mark as MarkValue }]);
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
