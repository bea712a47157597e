import type { RawBuilder } from 'kysely';
import type { Handle } from '../db/handle.ts';

/**
 * The few reads the access rules make themselves. The rules (access.ts) decide the condition; these
 * run it, so that the scope is checked by the database in the same statement that finds the record.
 */

export async function schoolOfDistrict(db: Handle, districtId: number, schoolId: number) {
  return db.selectFrom('school').select(['id', 'code', 'name', 'kind']).where('district_id', '=', districtId).where('id', '=', schoolId).executeTakeFirst();
}

/** The section, when `scope` (a condition on the section id, from sectionScope) admits it. */
export async function sectionWithin(db: Handle, districtId: number, sectionId: number, scope: RawBuilder<boolean>) {
  return db
    .selectFrom('section')
    .select(['id', 'school_id', 'school_year_id', 'course_id', 'code'])
    .where('district_id', '=', districtId)
    .where('id', '=', sectionId)
    .where(scope)
    .executeTakeFirst();
}

/** Whether the student exists and `scope` (a condition on `s.id`, from studentScope) admits them. */
export async function studentWithin(db: Handle, districtId: number, studentId: number, scope: RawBuilder<boolean>): Promise<boolean> {
  const row = await db.selectFrom('student as s').select('s.id').where('s.district_id', '=', districtId).where('s.id', '=', studentId).where(scope).executeTakeFirst();
  return row !== undefined;
}
