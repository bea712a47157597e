import { sql, type RawBuilder } from 'kysely';
import type { Actor } from './roles.ts';

const NONE = sql<boolean>`false`;

function currentlyEnrolledAt(studentId: RawBuilder<unknown>, actor: Actor, schools: number[] | 'all'): RawBuilder<boolean> {
  const today = sql`${actor.today}::date`;
  if (schools !== 'all' && schools.length === 0) return NONE;
  const inSchools = schools === 'all' ? sql`true` : sql`e.school_id in (${sql.join(schools)})`;
  return sql<boolean>`exists (select 1 from enrollment e where e.district_id = ${actor.districtId} and e.student_id = ${studentId}
    and ${inSchools} and e.entry_date <= ${today} and (e.exit_date is null or e.exit_date > ${today}))`;
}

/**
 * The students an actor may see, as a SQL condition on a student id column: one definition of
 * FERPA scope for every list and every record, so no route can widen it by accident.
 * A teacher sees the students on their current rosters; a counselor their caseload and school; a
 * school administrator or attendance clerk their school; a district administrator everyone; a
 * guardian their own children unless a court order or custody arrangement restricts access; a
 * student themself. The help desk sees nobody directly: it views as a user, read-only.
 */
export function studentScope(actor: Actor, studentId: RawBuilder<unknown>): RawBuilder<boolean> {
  const d = actor.districtId;
  const today = sql`${actor.today}::date`;
  const conditions: RawBuilder<boolean>[] = [];
  for (const grant of actor.roles) {
    switch (grant.role) {
      case 'district-admin':
        return sql<boolean>`true`;
      case 'school-admin':
      case 'attendance-clerk':
        conditions.push(currentlyEnrolledAt(studentId, actor, grant.schoolId === null ? 'all' : [grant.schoolId]));
        break;
      case 'counselor':
        if (actor.staffId !== null) {
          conditions.push(sql<boolean>`exists (select 1 from counselor_caseload c join school_year y on y.district_id = c.district_id and y.id = c.school_year_id and y.is_current
            where c.district_id = ${d} and c.counselor_id = ${actor.staffId} and c.student_id = ${studentId})`);
        }
        conditions.push(currentlyEnrolledAt(studentId, actor, grant.schoolId === null ? 'all' : [grant.schoolId]));
        break;
      case 'teacher':
        if (actor.staffId !== null) {
          conditions.push(sql<boolean>`exists (select 1 from section_roster r join section_teacher t on t.district_id = r.district_id and t.section_id = r.section_id
            where r.district_id = ${d} and r.student_id = ${studentId} and t.staff_id = ${actor.staffId}
              and r.start_date <= ${today} and (r.end_date is null or r.end_date > ${today})
              and t.start_date <= ${today} and (t.end_date is null or t.end_date > ${today}))`);
        }
        break;
      case 'student':
        if (actor.studentId !== null) conditions.push(sql<boolean>`${studentId} = ${actor.studentId}`);
        break;
      case 'guardian':
        if (actor.guardianId !== null) {
          conditions.push(sql<boolean>`exists (select 1 from student_guardian g where g.district_id = ${d} and g.guardian_id = ${actor.guardianId}
            and g.student_id = ${studentId} and g.educational_rights and not g.access_restricted)`);
        }
        break;
      case 'help-desk':
        break;
    }
  }
  if (conditions.length === 0) return NONE;
  return sql<boolean>`(${sql.join(conditions, sql` or `)})`;
}

/** Roles that may see the protected program flags (special education, 504, foster, homeless). */
export function maySeeProtectedPrograms(actor: Actor): boolean {
  return actor.roles.some((g) => g.role === 'district-admin' || g.role === 'school-admin' || g.role === 'counselor' || g.role === 'teacher');
}
