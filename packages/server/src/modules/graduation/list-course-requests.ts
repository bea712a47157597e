import type { Kysely } from 'kysely';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import { schoolYearByName } from '../district/district.repository.ts';
import { requestsOf } from './graduation.repository.ts';

/** A student's course requests for a school year (next year unless named), required first; an audited read. */
export async function listCourseRequests(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, schoolYear: string | undefined) {
  return withStudentRecord(db, actor, origin, studentId, { entity: 'course-request', action: 'read' }, async (trx) => {
    const year = await schoolYearByName(trx, actor.districtId, schoolYear, 'next');
    const rows = await requestsOf(trx, actor.districtId, studentId, year.id);
    return { schoolYear: year.name, items: rows.map((r) => ({ id: r.id, course: r.code, title: r.title, required: r.required, priority: r.priority, alternates: r.alternates ?? [], source: r.source, reason: r.reason, overrideReason: r.override_reason, version: r.version })) };
  });
}
