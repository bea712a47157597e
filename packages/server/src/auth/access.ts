import { sql, type RawBuilder } from 'kysely';
import type { Handle } from '../db/handle.ts';
import { schoolOfDistrict, sectionWithin } from './access.repository.ts';
import { notFound, Problem } from '../http/problem.ts';
import type { Actor, Role } from './roles.ts';

/**
 * Who may see or change what: one module for the scope of students, sections and schools, and
 * for the help desk's read-only view. Every use case asks here; none writes its own rule.
 */

// ---- Students ----

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

// ---- Schools ----

/** Those who run a school's attendance office: its administrators and clerks, and the district's. */
export const ATTENDANCE_OFFICE: readonly Role[] = ['district-admin', 'school-admin', 'attendance-clerk'];

/** Is the actor a district administrator for the whole district (not one granted at a school)? */
export const servesWholeDistrict = (actor: Actor): boolean => actor.roles.some((g) => g.role === 'district-admin' && g.schoolId === null);

/** May the actor work on this school in one of these roles? District-wide grants cover every school. */
export function servesSchool(actor: Actor, schoolId: number, roles: readonly Role[]): boolean {
  return actor.roles.some((grant) => roles.includes(grant.role) && (grant.schoolId === null || grant.schoolId === schoolId));
}

export async function requireSchool(db: Handle, actor: Actor, schoolId: number, roles: readonly Role[]) {
  const school = await schoolOfDistrict(db, actor.districtId, schoolId);
  if (!school || !servesSchool(actor, schoolId, roles)) throw notFound('This school');
  return school;
}

// ---- Sections ----

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
  const section = await sectionWithin(db, actor.districtId, sectionId, sectionScope(actor, sql.val(sectionId), roles));
  if (!section) throw notFound('This section');
  return section;
}

// ---- The help desk's view ----

/**
 * A help-desk agent viewing as a user sees what the user sees and changes nothing: every change
 * is refused here, whichever route or use case it comes through.
 */
export function refuseWhileViewing(actor: Actor): void {
  if (actor.viewedBy) throw new Problem(403, 'read-only-view', 'You are viewing as another user', 'The help desk sees what a user sees, read-only. Stop viewing as this user to make changes as yourself.');
}
