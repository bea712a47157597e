import { sql, type RawBuilder } from 'kysely';
import { notFound } from '../http/problem.ts';
import type { Actor, Role } from './roles.ts';
import type { Handle } from '../db/handle.ts';

/**
 * The sections an actor may work with, as a SQL condition on a section id: the teachers who
 * teach it, the administrators, counselors and clerks of its school, and district administrators.
 * `roles` narrows who may (a clerk may read a roster but not enter marks).
 */
export function sectionScope(actor: Actor, sectionId: RawBuilder<unknown>, roles: readonly Role[]): RawBuilder<boolean> {
  const d = actor.districtId;
  const conditions: RawBuilder<boolean>[] = [];
  for (const grant of actor.roles) {
    if (!roles.includes(grant.role)) continue;
    switch (grant.role) {
      case 'district-admin':
        return sql<boolean>`true`;
      case 'school-admin':
      case 'counselor':
      case 'attendance-clerk':
        conditions.push(
          grant.schoolId === null
            ? sql<boolean>`true`
            : sql<boolean>`exists (select 1 from section s where s.district_id = ${d} and s.id = ${sectionId} and s.school_id = ${grant.schoolId})`,
        );
        break;
      case 'teacher':
        if (actor.staffId !== null) {
          conditions.push(sql<boolean>`exists (select 1 from section_teacher t where t.district_id = ${d} and t.section_id = ${sectionId}
            and t.start_date <= ${actor.today}::date
            and t.staff_id = ${actor.staffId} and (t.end_date is null or t.end_date > ${actor.today}::date))`);
        }
        break;
      default:
        break;
    }
  }
  return conditions.length ? sql<boolean>`(${sql.join(conditions, sql` or `)})` : sql<boolean>`false`;
}

/** The section, if the actor may work with it in one of these roles; otherwise "not found". */
export async function requireSection(db: Handle, actor: Actor, sectionId: number, roles: readonly Role[]) {
  const section = await db
    .selectFrom('section')
    .select(['id', 'school_id', 'school_year_id', 'course_id', 'code'])
    .where('district_id', '=', actor.districtId)
    .where('id', '=', sectionId)
    .where(sectionScope(actor, sql.val(sectionId), roles))
    .executeTakeFirst();
  if (!section) throw notFound('This section');
  return section;
}
