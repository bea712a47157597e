import { sql, type Kysely, type Transaction } from 'kysely';
import { hasRole, type Actor } from '../../auth/roles.ts';
import { studentScope } from '../../auth/student-access.ts';
import type { Database } from '../../db/schema.ts';

type Handle = Kysely<Database> | Transaction<Database>;

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
 * decides whom they may see. Other roles they hold do not widen it: a principal who also
 * teaches does not read the trail of other schools' students on their roster.
 */
export function auditTrailScope(actor: Actor) {
  if (hasRole(actor, 'district-admin')) return sql<boolean>`true`;
  const asSchoolAdmin: Actor = { ...actor, roles: actor.roles.filter((grant) => grant.role === 'school-admin') };
  return sql<boolean>`(a.student_id is not null and ${studentScope(asSchoolAdmin, sql.ref('a.student_id'))})`;
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
      'a.school_id',
      'a.ip',
      'a.reason',
      'a.details',
    ])
    .where('a.district_id', '=', actor.districtId)
    .where(auditTrailScope(actor));
  if (filters.studentId !== undefined) query = query.where('a.student_id', '=', filters.studentId);
  if (filters.userId !== undefined) query = query.where('a.user_id', '=', filters.userId);
  if (filters.action !== undefined) query = query.where('a.action', '=', filters.action);
  if (filters.from !== undefined) query = query.where('a.occurred_at', '>=', filters.from);
  if (filters.to !== undefined) query = query.where('a.occurred_at', '<', filters.to);
  if (page.after) query = query.where(sql<boolean>`(a.occurred_at, a.id) < (${page.after.occurredAt}::timestamptz, ${page.after.id})`);
  return query.orderBy('a.occurred_at', 'desc').orderBy('a.id', 'desc').limit(page.limit).execute();
}

export type AuditEventRow = Awaited<ReturnType<typeof findAuditEvents>>[number];
