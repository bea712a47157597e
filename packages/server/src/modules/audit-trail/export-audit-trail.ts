import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { findAuditEvents, type AuditEventRow, type AuditTrailPosition } from './audit-trail.repository.ts';
import { auditTrailFilters, checkStudentFilter, type auditTrailFilterInput } from './search-audit-trail.ts';

/** Rows read per query while streaming: memory stays flat however long the trail. */
const BATCH = 1000;

const COLUMNS = ['occurred_at', 'user_id', 'username', 'role', 'viewing_as_user_id', 'action', 'entity', 'entity_id', 'student_id', 'school_id', 'ip', 'reason', 'details', 'student_ids'];

/**
 * A cell for a spreadsheet: quoted when it must be, and a leading = + - @ neutralised, because
 * the reason a user typed would otherwise run as a formula on the auditor's computer.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// The students of a list in one cell, separated by spaces, which no spreadsheet mistakes for a
// column or a number; the new column comes last so that an auditor's existing sheets still line up.
function csvLine(row: AuditEventRow): string {
  return `${[row.occurred_at, row.user_id, row.username, row.role, row.viewing_as_user_id, row.action, row.entity, row.entity_id, row.student_id, row.school_id, row.ip, row.reason, row.details, row.student_ids?.join(' ')].map(csvCell).join(',')}\r\n`;
}

/**
 * The audit trail as CSV, streamed a batch at a time. The export is itself written to the trail
 * before the first row leaves, so even an export cut short is on record.
 */
export async function exportAuditTrail(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, input: z.output<typeof auditTrailFilterInput>): Promise<Readable> {
  const filters = auditTrailFilters(actor, input);
  await checkStudentFilter(db, actor, filters);
  const recorded = {
    studentId: filters.studentId ?? null,
    userId: filters.userId ?? null,
    action: filters.action ?? null,
    from: filters.from?.toISOString() ?? null,
    to: filters.to?.toISOString() ?? null,
  };
  await db.transaction().execute((trx) => writeAudit(trx, actor, origin, { action: 'export', entity: 'audit-trail', studentId: filters.studentId ?? null, details: recorded }));
  async function* lines() {
    yield `${COLUMNS.join(',')}\r\n`;
    let after: AuditTrailPosition | null = null;
    for (;;) {
      const rows = await findAuditEvents(db, actor, filters, { after, limit: BATCH });
      if (rows.length > 0) yield rows.map(csvLine).join('');
      const last = rows.at(-1);
      if (rows.length < BATCH || !last) return;
      after = { occurredAt: last.position, id: last.id };
    }
  }
  return Readable.from(lines());
}
