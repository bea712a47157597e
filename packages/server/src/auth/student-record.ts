import { sql, type Kysely, type Transaction } from 'kysely';
import { writeAudit, type RequestOrigin } from '../audit/audit.repository.ts';
import type { Database } from '../db/schema.ts';
import { notFound } from '../http/problem.ts';
import type { Actor } from './roles.ts';
import { refuseWhileViewing, studentScope } from './access.ts';
import { studentWithin } from './access.repository.ts';
import type { Handle } from '../db/handle.ts';

export async function studentIsVisible(db: Handle, actor: Actor, studentId: number): Promise<boolean> {
  return studentWithin(db, actor.districtId, studentId, studentScope(actor, sql.ref('s.id')));
}

export interface StudentRecordAccess {
  /** What part of the record: 'student', 'transcript', 'attendance', … */
  entity: string;
  action: 'read' | 'create' | 'update' | 'correct' | 'delete' | 'export';
  reason?: string | null;
  details?: Record<string, unknown> | null;
}

/**
 * The one way into a student's record: in one transaction, check that the actor serves this
 * student, do the work, and write the audit row. A student outside the actor's scope is "not
 * found", so that the answer does not reveal who attends the district.
 */
export async function withStudentRecord<T>(
  db: Kysely<Database>,
  actor: Actor,
  origin: RequestOrigin,
  studentId: number,
  access: StudentRecordAccess,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (access.action !== 'read' && access.action !== 'export') refuseWhileViewing(actor);
  return db.transaction().execute(async (trx) => {
    if (!(await studentIsVisible(trx, actor, studentId))) throw notFound('This student');
    const result = await work(trx);
    await writeAudit(trx, actor, origin, { action: access.action, entity: access.entity, entityId: studentId, studentId, reason: access.reason ?? null, details: access.details ?? null });
    return result;
  });
}
