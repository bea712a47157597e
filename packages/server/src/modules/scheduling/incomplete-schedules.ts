import type { Kysely } from 'kysely';
import { writeAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { requireSchool } from '../../auth/access.ts';
import { auditTarget } from '../../db/read-replica.ts';
import type { Database } from '../../db/schema.ts';
import { schoolYearByName } from '../district/district.repository.ts';
import { RUN_ROLES } from './commit-scheduling-run.ts';
import { scheduleStatuses } from './schedule-report.ts';
import { courseKinds, enrolledStudentsInScope } from './scheduling.repository.ts';

export const INCOMPLETE_SCHEDULE_VIEWERS = [...RUN_ROLES, 'counselor'] as const;

/**
 * The students a counselor must see to before the first bell: no class at all, or a schedule that
 * does not meet their requests, with the required courses still missing. No class at all comes
 * first. Each student listed is an audited read (on the primary when `db` is the replica).
 */
export async function listIncompleteSchedules(db: Kysely<Database>, primary: Kysely<Database>, actor: Actor, origin: RequestOrigin, schoolId: number, schoolYear: string | undefined) {
  return db.transaction().execute(async (trx) => {
    await requireSchool(trx, actor, schoolId, INCOMPLETE_SCHEDULE_VIEWERS);
    const year = await schoolYearByName(trx, actor.districtId, schoolYear, 'current');
    const { statuses } = await scheduleStatuses(trx, actor.districtId, schoolId, year.id);
    const wanting = new Map(statuses.filter((s) => s.sections === 0 || (s.requestsTotal > 0 && !s.complete)).map((s) => [Number(s.student), s]));
    const students = await enrolledStudentsInScope(trx, actor, schoolId, year.id, [...wanting.keys()]);
    const seen = new Set<number>();
    const listed = students.filter((s) => !seen.has(s.id) && seen.add(s.id));
    await writeAuditForStudents(auditTarget(trx, db, primary), actor, origin, { action: 'list', entity: 'schedule', schoolId, details: { list: 'incomplete-schedules' } }, listed.map((s) => s.id));
    // Courses by title, as counselors say them; the code stays for the catalog.
    const codes = [...new Set(listed.flatMap((s) => wanting.get(s.id)!.requiredUnmet))];
    const titles = new Map((await courseKinds(trx, actor.districtId, codes)).map((c) => [c.code, c.title]));
    const items = listed.map((s) => {
      const status = wanting.get(s.id)!;
      const requiredUnmet = status.requiredUnmet.map((code) => ({ course: code, title: titles.get(code) ?? null }));
      return { studentId: s.id, localId: s.local_id, name: { first: s.first_name, last: s.last_name }, grade: s.grade_level, sections: status.sections, requestsMet: status.requestsMet, requestsTotal: status.requestsTotal, requiredUnmet };
    });
    items.sort((a, b) => Number(a.sections > 0) - Number(b.sections > 0));
    return { schoolYear: year.name, total: items.length, withoutAnyClass: items.filter((i) => i.sections === 0).length, items };
  });
}
