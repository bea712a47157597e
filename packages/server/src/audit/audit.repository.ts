import { sql, type RawBuilder } from 'kysely';
import { primaryRole, type Actor } from '../auth/roles.ts';
import type { Handle } from '../db/handle.ts';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string | number | null;
  studentId?: number | null;
  schoolId?: number | null;
  reason?: string | null;
  details?: Record<string, unknown> | null;
}

export interface RequestOrigin {
  ip: string | null;
}

/**
 * Writes one row of the FERPA audit trail. Call it with the transaction that does the work, so a
 * change and its audit row land together or not at all. When a help-desk agent views as a user,
 * the row names the agent as the one who looked.
 */
export async function writeAudit(trx: Handle, actor: Actor, origin: RequestOrigin, entry: AuditEntry): Promise<void> {
  await trx.insertInto('audit_event').values(auditRow(actor, origin, entry, entry.studentId ?? null)).execute();
}

/**
 * Many students read or changed at once (a roster, a search page, a save of marks): one event, so
 * one row that names them all in `student_ids`, and none when there are no students. The rule for
 * the shape of a row: an event of a list names its students in `student_ids`, even a list of one;
 * `student_id` is for an event about one student by its nature (writeAudit), never both (a check
 * in migration 0010). Searching by a student looks in both. The students go as one array
 * parameter, so the statement's text is the same for every class and is planned once.
 */
export async function writeAuditForStudents(trx: Handle, actor: Actor, origin: RequestOrigin, entry: Omit<AuditEntry, 'studentId'>, studentIds: number[]): Promise<void> {
  if (studentIds.length === 0) return;
  await auditOfStudents(actor, origin, entry, listedStudents(studentIds)).execute(trx);
}

/** Students given by id, as the `students` query of auditOfStudents: one array parameter, so the statement is planned once. */
export function listedStudents(studentIds: readonly number[]): RawBuilder<unknown> {
  return sql`select unnest(${[...studentIds]}::bigint[]) as student_id`;
}

/**
 * An operator's command from the command line (an import run by hand) names no person: the row
 * says `operator`, with the students it touched, as writeAuditForStudents writes them.
 */
export async function writeOperatorAuditForStudents(trx: Handle, districtId: number, entry: Omit<AuditEntry, 'studentId' | 'entityId' | 'schoolId'>, studentIds: number[]): Promise<void> {
  if (studentIds.length === 0) return;
  await trx
    .insertInto('audit_event')
    .values({ district_id: districtId, user_id: null, role: 'operator', action: entry.action, entity: entry.entity, student_ids: [...new Set(studentIds)].sort((a, b) => a - b), reason: entry.reason ?? null, details: entry.details ? JSON.stringify(entry.details) : null })
    .execute();
}

/**
 * The audit row of writeAuditForStudents as a statement to embed in another one (a `with` of a
 * query that reads the students): the read and its audit are then one statement, atomic without a
 * transaction of their own. `students` is a query with a column `student_id`; when it finds none,
 * no row is written. `entityId` may be SQL too: the id of a row the same statement inserts.
 */
export function auditOfStudents(actor: Actor, origin: RequestOrigin, entry: Omit<AuditEntry, 'studentId' | 'entityId'> & { entityId?: AuditEntry['entityId'] | RawBuilder<unknown> }, students: RawBuilder<unknown>): RawBuilder<unknown> {
  const entityId = isRawBuilder(entry.entityId) ? entry.entityId : null;
  const row = auditRow(actor, origin, { ...entry, entityId: entityId ? null : (entry.entityId as AuditEntry['entityId']) }, null);
  // distinct: each student once, in order of id, however the query lists them.
  return sql`insert into audit_event (district_id, user_id, role, viewing_as_user_id, integration, action, entity, entity_id, student_ids, school_id, ip, reason, details)
    select ${row.district_id}::bigint, ${row.user_id}::bigint, ${row.role}::text, ${row.viewing_as_user_id}::bigint, ${row.integration}::text, ${row.action}::text, ${row.entity}::text,
      ${entityId ? sql`(${entityId})::text` : sql`${row.entity_id}::text`}, s.student_ids, ${row.school_id}::bigint, ${row.ip}::text, ${row.reason}::text, ${row.details}::jsonb
    from (select array_agg(distinct listed.student_id order by listed.student_id) filter (where listed.student_id is not null) as student_ids from (${students}) as listed) as s
    where s.student_ids is not null`;
}

/**
 * The audit rows about a student: the events about them alone and the lists that name them, with
 * `@>` so that the GIN index of the lists serves it. `table` is the alias of audit_event in the query.
 */
export function auditIsAbout(studentId: number, table = 'audit_event'): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${table}.student_id`)} = ${studentId} or ${sql.ref(`${table}.student_ids`)} @> array[${studentId}]::bigint[])`;
}

const isRawBuilder = (value: unknown): value is RawBuilder<unknown> => typeof value === 'object' && value !== null && 'toOperationNode' in value;

function auditRow(actor: Actor, origin: RequestOrigin, entry: Omit<AuditEntry, 'studentId'>, studentId: number | null) {
  return {
    district_id: actor.districtId,
    // An OAuth client has no person behind it: the row names the client alone.
    user_id: actor.viewedBy ? actor.viewedBy.userId : actor.integration?.kind === 'oauth-client' ? null : actor.userId,
    role: actor.viewedBy ? 'help-desk' : actor.integration?.kind === 'oauth-client' ? 'oauth-client' : actor.via === 'token' ? 'api-token' : primaryRole(actor),
    viewing_as_user_id: actor.viewedBy ? actor.userId : null,
    integration: actor.integration ? `${actor.integration.kind}:${actor.integration.clientId ?? actor.integration.id}` : null,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    student_id: studentId,
    school_id: entry.schoolId ?? null,
    ip: origin.ip,
    reason: entry.reason ?? null,
    details: entry.details ? JSON.stringify(entry.details) : null,
  };
}
