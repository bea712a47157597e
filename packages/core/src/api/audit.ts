import { z } from 'zod';

/** The contract of the FERPA audit trail's search. */
const id = z.number().int();

export const auditEvent = z.strictObject({
  id,
  occurredAt: z.iso.datetime({ offset: true }),
  user: z.strictObject({ id, username: z.string().nullable() }).nullable(),
  role: z.string().nullable(),
  viewingAsUserId: id.nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  studentId: id.nullable(),
  /** The students of an event about many at once (a roster, a search page); null otherwise. */
  studentIds: z.array(id).nullable(),
  schoolId: id.nullable(),
  ip: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.unknown(),
});

/** nextCursor: null on the last page. */
export const auditEventPage = z.strictObject({ items: z.array(auditEvent), nextCursor: z.string().nullable() });

export type AuditEvent = z.output<typeof auditEvent>;
export type AuditEventPage = z.output<typeof auditEventPage>;
