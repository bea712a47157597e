import type { Kysely } from 'kysely';
import { writeAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor, Role } from '../../auth/roles.ts';
import { requireSchool } from '../../auth/access.ts';
import type { Database } from '../../db/schema.ts';
import { schoolYearByName } from '../district/district.repository.ts';
import { schoolScheduleReport } from './schedule-report.ts';

/**
 * The school's schedule report. It names students (those without a schedule, those missing a
 * required course), so it is an audited read of each student it names.
 */
export async function viewScheduleReport(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, schoolId: number, input: { schoolYear: string | undefined; roles: readonly Role[] }) {
  return db.transaction().execute(async (trx) => {
    await requireSchool(trx, actor, schoolId, input.roles);
    const year = await schoolYearByName(trx, actor.districtId, input.schoolYear, 'current');
    const report = await schoolScheduleReport(trx, actor.districtId, schoolId, year.id);
    const named = [...report.studentsWithoutSchedule, ...report.requiredUnmet.map((r) => r.studentId)];
    await writeAuditForStudents(trx, actor, origin, { action: 'list', entity: 'schedule', schoolId, details: { list: 'schedule-report', schoolYear: year.name } }, named);
    return report;
  });
}
