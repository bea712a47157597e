import { addDays, startOfDayIn } from '@homeroom/core/attendance/index';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { hasRole, type Actor } from '../../auth/roles.ts';
import { studentIsVisible } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, Problem } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';
import { invalid } from '../../http/validate.ts';
import { findAuditEvents, type AuditEventRow, type AuditTrailFilters, type AuditTrailPosition } from './audit-trail.repository.ts';

const recordId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
// A day means the whole day in the district's time zone (its midnight to its next midnight); a
// moment needs its offset so that nobody's clock is guessed.
const dayOrMoment = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

const filterFields = {
  studentId: recordId.optional().describe('Only rows about this student'),
  userId: recordId.optional().describe('Only rows of what this user did'),
  action: schoolText(50).optional().describe('read, list, update, export, sign-in, …'),
  from: dayOrMoment.optional().describe("From this day (the district's midnight) or moment, inclusive"),
  to: dayOrMoment.optional().describe("Up to this day (inclusive, to the district's next midnight) or moment (exclusive)"),
};

export const auditTrailFilterInput = z.strictObject(filterFields);

export const searchAuditTrailInput = z.strictObject({
  ...filterFields,
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});

/**
 * The filters with days turned into instants in the district's time zone: "today" in the audit
 * trail runs from midnight in Los Angeles, not from midnight in UTC, which would lose the afternoon.
 */
export function auditTrailFilters(actor: Actor, { from, to, ...rest }: z.output<typeof auditTrailFilterInput>): AuditTrailFilters {
  const filters = {
    ...rest,
    from: from === undefined ? undefined : from.length === 10 ? startOfDayIn(from, actor.timeZone) : new Date(from),
    to: to === undefined ? undefined : to.length === 10 ? startOfDayIn(addDays(to, 1), actor.timeZone) : new Date(to),
  };
  if (filters.from && filters.to && !(filters.from < filters.to)) {
    throw invalid([{ field: 'query.from', message: '"from" must be before "to"' }]);
  }
  return filters;
}

// timestamptz as PostgreSQL prints it: 2026-09-03 08:15:02.123456+00
const POSTGRES_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/;
const cursorShape = z.tuple([z.string().max(64), z.number().int().positive()]);
const badCursor = () => new Problem(400, 'bad-cursor', 'This page of the audit trail cannot be found', 'Start again from the first page: the link to the next page was changed or cut short.');

export function encodeCursor(position: AuditTrailPosition): string {
  return Buffer.from(JSON.stringify([position.occurredAt, position.id])).toString('base64url');
}

function decodeCursor(cursor: string): AuditTrailPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const result = cursorShape.safeParse(parsed);
  if (!result.success || !POSTGRES_TIME.test(result.data[0])) throw badCursor();
  return { occurredAt: result.data[0], id: result.data[1] };
}

/** A school administrator asking about a student who is not at their school: "not found", as elsewhere. */
export async function checkStudentFilter(db: Kysely<Database>, actor: Actor, filters: AuditTrailFilters): Promise<void> {
  if (filters.studentId === undefined || hasRole(actor, 'district-admin')) return;
  const asSchoolAdmin: Actor = { ...actor, roles: actor.roles.filter((grant) => grant.role === 'school-admin') };
  if (!(await studentIsVisible(db, asSchoolAdmin, filters.studentId))) throw notFound('This student');
}

export function describeAuditEvent(row: AuditEventRow) {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    user: row.user_id === null ? null : { id: row.user_id, username: row.username },
    role: row.role,
    viewingAsUserId: row.viewing_as_user_id,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    studentId: row.student_id,
    /** The students of an event about many at once (a roster, a search page); null otherwise. */
    studentIds: row.student_ids,
    schoolId: row.school_id,
    ip: row.ip,
    reason: row.reason,
    details: row.details ?? null,
  };
}

/** Who looked at or changed what, newest first, one page at a time. */
export async function searchAuditTrail(db: Kysely<Database>, actor: Actor, input: z.output<typeof searchAuditTrailInput>) {
  const { limit, cursor, ...fields } = input;
  const filters = auditTrailFilters(actor, fields);
  await checkStudentFilter(db, actor, filters);
  const rows = await findAuditEvents(db, actor, filters, { after: cursor ? decodeCursor(cursor) : null, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(describeAuditEvent),
    nextCursor: rows.length > limit && last ? encodeCursor({ occurredAt: last.position, id: last.id }) : null,
  };
}
