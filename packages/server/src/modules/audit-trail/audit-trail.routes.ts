import { auditEventPage } from '@homeroom/core/api/audit';
import { route } from '../../http/route.ts';
import { exportAuditTrail } from './export-audit-trail.ts';
import { auditTrailFilterInput, searchAuditTrail, searchAuditTrailInput } from './search-audit-trail.ts';

const AUDITORS = ['district-admin', 'school-admin'] as const;

export const auditTrailRoutes = [
  route({
    method: 'GET',
    url: '/api/audit-events',
    operationId: 'searchAuditTrail',
    summary: "The FERPA audit trail: who read or changed which student's record, newest first (school administrators: their school's students)",
    tag: 'audit',
    access: { kind: 'signed-in', roles: AUDITORS },
    query: searchAuditTrailInput,
    response: { description: 'A page of audit events and the cursor of the next page (null on the last)', schema: auditEventPage },
    // An auditor's search may miss the last seconds' events; their own writes they still see.
    reads: 'replica',
    handler: ({ db, actor, query }) => searchAuditTrail(db, actor, query),
  }),
  route({
    method: 'GET',
    url: '/api/audit-events/export',
    operationId: 'exportAuditTrail',
    summary: 'The audit trail as a CSV file for a records request or an auditor; the export is itself audited',
    tag: 'audit',
    access: { kind: 'signed-in', roles: AUDITORS },
    query: auditTrailFilterInput,
    response: { description: 'CSV, one audit event a line, newest first' },
    async handler({ db, actor, origin, query, reply }) {
      const stream = await exportAuditTrail(db, actor, origin, query);
      reply.header('content-disposition', `attachment; filename="homeroom-audit-trail-${actor.today}.csv"`).header('cache-control', 'no-store').type('text/csv; charset=utf-8');
      return reply.send(stream);
    },
  }),
];
