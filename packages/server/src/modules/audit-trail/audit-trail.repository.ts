import { sql, type RawBuilder } from 'kysely';
import { auditIsAbout } from '../../audit/audit.repository.ts';
import { hasRole, type Actor } from '../../auth/roles.ts';
import { studentScope } from '../../auth/access.ts';
import type { Handle } from '../../db/handle.ts';

export interface AuditTrailFilters {
  studentId?: number | undefined;
  userId?: number | undefined;
  action?: string | undefined;
  /** Inclusive lower bound. */
  from?: Date | undefined;
  /** Exclusive upper bound. */
  to?: Date | undefined;
}

/** Where a page ends: the exact time as PostgreSQL wrote it (microseconds, which a JS Date loses) and the id. */
export interface AuditTrailPosition {
  occurredAt: string;
  id: number;
}

/**
 * Whose trail the actor may read: a district administrator the whole district's; a school
 * administrator the rows about students currently at their school, by the same scope that
 * decides whom they may see: a row about one student when that student is theirs, a row about a
 * list (a roster, a search page) when any student on it is. Other roles they hold do not widen it:
 * a principal who also teaches does not read the trail of other schools' students on their roster.
 */
export function auditTrailScope(actor: Actor) {
  const inScope = schoolAdministratorScope(actor);
  if (!inScope) return sql<boolean>`true`;
  return sql<boolean>`((a.student_id is not null and ${inScope(sql.ref('a.student_id'))})
    or (a.student_ids is not null and exists (select 1 from unnest(a.student_ids) as listed(student_id) where ${inScope(sql.ref('listed.student_id'))})))`;
}

/**
 * The students of a row's list the actor may see: all of them for a district administrator; for a
 * school administrator only those at their school, in the order of the list, so that a roster of
 * another school's class shows them their own students and nothing of the others, not even how many.
 */
export function auditTrailStudents(actor: Actor) {
  const inScope = schoolAdministratorScope(actor);
  if (!inScope) return sql<number[] | null>`a.student_ids`;
  return sql<number[] | null>`case when a.student_ids is null then null else array(
    select listed.student_id from unnest(a.student_ids) with ordinality as listed(student_id, n) where ${inScope(sql.ref('listed.student_id'))} order by listed.n) end`;
}

/** null for a district administrator, who sees every student of the district's trail. */
function schoolAdministratorScope(actor: Actor): ((studentId: RawBuilder<unknown>) => RawBuilder<boolean>) | null {
  if (hasRole(actor, 'district-admin')) return null;
  const asSchoolAdmin: Actor = { ...actor, roles: actor.roles.filter((grant) => grant.role === 'school-admin') };
  return (studentId) => studentScope(asSchoolAdmin, studentId);
}

/** One page of the trail, newest first, after `position` when given; keyset pagination stays fast on millions of rows. */
export async function findAuditEvents(db: Handle, actor: Actor, filters: AuditTrailFilters, page: { after: AuditTrailPosition | null; limit: number }) {
  let query = db
    .selectFrom('audit_event as a')
    .leftJoin('app_user as u', (join) => join.onRef('u.district_id', '=', 'a.district_id').onRef('u.id', '=', 'a.user_id'))
    .select([
      'a.id',
      'a.occurred_at',
      sql<string>`a.occurred_at::text`.as('position'),
      'a.user_id',
      'u.username',
      'a.role',
      'a.viewing_as_user_id',
      'a.action',
      'a.entity',
      'a.entity_id',
      'a.student_id',
      auditTrailStudents(actor).as('student_ids'),
      'a.school_id',
      'a.ip',
      'a.reason',
      'a.details',
    ])
    .where('a.district_id', '=', actor.districtId)
    .where(auditTrailScope(actor));
  if (filters.studentId !== undefined) query = query.where(auditIsAbout(filters.studentId, 'a'));
  if (filters.userId !== undefined) query = query.where('a.user_id', '=', filters.userId);
  if (filters.action !== undefined) query = query.where('a.action', '=', filters.action);
  if (filters.from !== undefined) query = query.where('a.occurred_at', '>=', filters.from);
  if (filters.to !== undefined) query = query.where('a.occurred_at', '<', filters.to);
  if (page.after) query = query.where(sql<boolean>`(a.occurred_at, a.id) < (${page.after.occurredAt}::timestamptz, ${page.after.id})`);
  return query.orderBy('a.occurred_at', 'desc').orderBy('a.id', 'desc').limit(page.limit).execute();
}

export type AuditEventRow = Awaited<ReturnType<typeof findAuditEvents>>[number];
